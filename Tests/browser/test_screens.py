"""Screenshots of the main pages on the demo data, each checked for serious accessibility violations.

With CARNET_UPDATE_SCREENSHOTS=1, the pipeline and contact card in each language and Today on a phone
are also copied to docs/screenshots/.
"""

import os
import shutil
from datetime import datetime, timedelta, timezone

import pytest
from selenium.webdriver.common.by import By

from support import REPO, axe_violations, describe, screenshot, sign_in, wait_for

DOCS = REPO / "docs" / "screenshots"
PHONE = {"width": 390, "height": 844}


def visit(driver, url, ready):
    driver.get(url)
    wait_for(driver, ready)


def check(driver, name, lang, failures):
    """Saves the screenshot NAME, then notes the page's serious violations; returns the screenshot's path."""
    shot = screenshot(driver, name, lang)  # first: axe scrolls the page as it checks contrasts
    violations = axe_violations(driver)
    if violations:
        failures.append(f"{name} ({lang}):\n{describe(violations)}")
    return shot


def publish(shot, name):
    if os.environ.get("CARNET_UPDATE_SCREENSHOTS") == "1":
        DOCS.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(shot, DOCS / f"{name}.png")


@pytest.fixture
def demo(server):
    """The demo sample, plus two tasks of the admin's own so that Today has something to show."""
    server.run_cli("demo")
    now = datetime.now(timezone.utc)
    for title, due in (("Send the revised proposal to Boulangerie Simon", now - timedelta(days=2)),
                       ("Call back Anne Dupont", now - timedelta(minutes=5))):
        server.api("POST", "/tasks", {"title": title, "due_at": due.strftime("%Y-%m-%dT%H:%M:%SZ")})
    return server


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_desktop_pages_on_demo_data_have_no_serious_accessibility_violation(demo, make_browser, lang):
    driver = make_browser(lang=lang)
    sign_in(driver, demo)
    failures = []

    visit(driver, f"{demo.url}/", "#today")
    check(driver, "today", lang, failures)
    visit(driver, f"{demo.url}/contacts", "#contact-results")
    check(driver, "contacts", lang, failures)
    visit(driver, f"{demo.url}/pipeline", "#board .card")
    publish(check(driver, "pipeline", lang, failures), f"pipeline-{lang}")
    deal = driver.find_element(By.CSS_SELECTOR, '.column[data-stage="proposal"] .card a').get_attribute("href")
    visit(driver, deal, "#deal")
    check(driver, "deal", lang, failures)
    contact = driver.find_element(By.CSS_SELECTOR, '#deal a[href^="/contacts/"]').get_attribute("href")
    visit(driver, contact, "#contact")
    publish(check(driver, "contact", lang, failures), f"contact-{lang}")
    for name, path, ready in (("admin", "/admin", "#modules"), ("admin-users", "/admin/users", "#user-form"),
                              ("admin-pipeline", "/admin/pipeline", "#stages"), ("admin-plugins", "/admin/plugins", "#plugins"),
                              ("admin-webhooks", "/admin/webhooks", "#webhook-form")):
        visit(driver, f"{demo.url}{path}", ready)
        check(driver, name, lang, failures)
    visit(driver, f"{demo.url}/admin/users", "#users a")
    visit(driver, driver.find_element(By.CSS_SELECTOR, "#users a").get_attribute("href"), "#user-edit")
    check(driver, "admin-user", lang, failures)

    assert not failures, "\n".join(failures)


def test_the_phone_pages_on_demo_data_have_no_serious_accessibility_violation(demo, make_browser):
    driver = make_browser(**PHONE)
    sign_in(driver, demo)
    failures = []

    visit(driver, f"{demo.url}/", "#today")
    publish(check(driver, "today-phone", "en", failures), "today-phone-en")
    visit(driver, f"{demo.url}/pipeline", "#board .card")
    check(driver, "pipeline-phone", "en", failures)

    assert not failures, "\n".join(failures)
