"""The contact list, its live search, the new contact form and the contact card."""

import re
from urllib.parse import urlparse

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

from support import sign_in, wait_for

XSS_NAME = "<script>window.__xss=1</script>"
XSS_TITLE = '<img src=x onerror="window.__xss=2">'


def result_names(driver):
    """The names the results show, read at once: the live search may replace them at any moment."""
    return driver.execute_script(
        "return [...document.querySelectorAll('#contact-results td:first-child a')].map(link => link.textContent)")


def test_a_contact_created_from_the_form_opens_on_its_card(server, browser):
    sign_in(browser, server)
    browser.get(f"{server.url}/contacts")
    form = wait_for(browser, "#contact-form")
    form.find_element(By.ID, "first_name").send_keys("Anne")
    form.find_element(By.ID, "last_name").send_keys("Dupont")
    form.find_element(By.ID, "contact-email").send_keys("anne.dupont@example.fr")
    form.find_element(By.CSS_SELECTOR, "[type=submit]").click()
    card = wait_for(browser, "#contact")
    assert re.fullmatch(r"/contacts/\S+", urlparse(browser.current_url).path)
    assert card.find_element(By.TAG_NAME, "h1").text == "Anne Dupont"
    assert "anne.dupont@example.fr" in card.text


def test_a_call_logged_on_the_card_shows_in_the_timeline(server, browser):
    contact = server.api("POST", "/contacts", {"first_name": "Anne", "last_name": "Dupont"})
    sign_in(browser, server)
    browser.get(f"{server.url}/contacts/{contact['id']}")
    form = wait_for(browser, "#activity-form")
    Select(form.find_element(By.ID, "activity-kind")).select_by_value("call")
    form.find_element(By.ID, "activity-body").send_keys("Wants a quote for the roof")
    form.find_element(By.CSS_SELECTOR, "[type=submit]").click()
    call = wait_for(browser, '#timeline .activity[data-kind="call"]')
    assert "Wants a quote for the roof" in call.text


def test_the_live_search_finds_a_contact_by_two_letters(server, browser):
    server.api("POST", "/contacts", {"first_name": "Anne", "last_name": "Dupont"})
    server.api("POST", "/contacts", {"first_name": "Bruno", "last_name": "Martin"})
    sign_in(browser, server)
    browser.get(f"{server.url}/contacts")
    wait_for(browser, "#q").send_keys("Du")
    WebDriverWait(browser, 5).until(lambda driver: result_names(driver) == ["Anne Dupont"])
    assert urlparse(browser.current_url).query == "q=Du"


def test_markup_in_a_contact_is_shown_as_text_and_never_run(server, browser):
    contact = server.api("POST", "/contacts", {"first_name": XSS_NAME, "last_name": "Dupont", "title": XSS_TITLE})
    sign_in(browser, server)

    browser.get(f"{server.url}/contacts")
    row = wait_for(browser, f'#contact-results tr[data-id="{contact["id"]}"]')
    assert row.find_element(By.CSS_SELECTOR, "td:first-child a").text == f"{XSS_NAME} Dupont"
    assert row.find_element(By.CSS_SELECTOR, "td:last-child").text == XSS_TITLE

    browser.find_element(By.ID, "q").send_keys("Dup")
    WebDriverWait(browser, 5).until(lambda driver: "q=Dup" in driver.current_url)
    assert result_names(browser) == [f"{XSS_NAME} Dupont"]
    assert browser.execute_script("return window.__xss") is None

    browser.get(f"{server.url}/contacts/{contact['id']}")
    card = wait_for(browser, "#contact")
    assert card.find_element(By.TAG_NAME, "h1").text == f"{XSS_NAME} Dupont"
    assert XSS_TITLE in card.find_element(By.TAG_NAME, "dl").text
    assert browser.execute_script("return window.__xss") is None
