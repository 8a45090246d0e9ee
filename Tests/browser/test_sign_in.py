"""Signing in and out of the web pages."""

from urllib.parse import urlparse

import pytest
from selenium.webdriver.common.by import By

from support import axe_violations, describe, screenshot, sign_in, wait_for

MAIN_NAV = 'nav[aria-label="Main"]'


def path(driver):
    return urlparse(driver.current_url).path


def test_the_printed_admin_signs_in_to_today(server, browser):
    sign_in(browser, server)
    wait_for(browser, MAIN_NAV)
    assert path(browser) == "/"


def test_a_wrong_password_shows_an_error_and_opens_no_session(server, browser):
    sign_in(browser, server, password="not the password")
    assert wait_for(browser, ".flash").text
    assert browser.get_cookie("carnet_session") is None


def test_the_session_cookie_is_http_only_and_same_site_lax(server, browser):
    sign_in(browser, server)
    cookie = browser.get_cookie("carnet_session")
    assert cookie is not None
    assert cookie["httpOnly"] is True
    assert cookie["sameSite"] == "Lax"


def test_signing_out_without_the_csrf_token_is_refused(server, browser):
    sign_in(browser, server)
    status = browser.execute_async_script("""
        const done = arguments[arguments.length - 1];
        fetch("/logout", {method: "POST", body: new URLSearchParams(), redirect: "manual"}).then(r => done(r.status));
    """)
    assert status == 403
    browser.get(f"{server.url}/")
    wait_for(browser, MAIN_NAV)
    assert path(browser) == "/"


def test_signing_out_returns_to_the_login_page(server, browser):
    sign_in(browser, server)
    form = wait_for(browser, 'form[action="/logout"]')
    form.find_element(By.CSS_SELECTOR, "[type=submit]").click()
    wait_for(browser, "#login-form")
    assert path(browser) == "/login"
    assert browser.get_cookie("carnet_session") is None


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_login_page_speaks_the_browser_language(server, make_browser, lang):
    driver = make_browser(lang=lang)
    driver.get(f"{server.url}/login")
    wait_for(driver, "#login-form")
    assert driver.find_element(By.TAG_NAME, "html").get_attribute("lang") == lang
    screenshot(driver, "login", lang)


def test_the_login_page_has_no_serious_accessibility_violation(server, browser):
    browser.get(f"{server.url}/login")
    wait_for(browser, "#login-form")
    violations = axe_violations(browser)
    assert not violations, describe(violations)
