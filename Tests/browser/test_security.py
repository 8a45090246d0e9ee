"""What the pages refuse: forms without the session's CSRF token, and visitors without a session."""

from urllib.parse import parse_qs, urlparse

import pytest
from selenium.webdriver.common.by import By

from support import sign_in, wait_for, wait_for_next_page


def test_a_form_with_a_wrong_csrf_token_is_refused_and_changes_nothing(server, browser):
    sign_in(browser, server)
    browser.get(f"{server.url}/contacts")
    form = wait_for(browser, "#contact-form")
    form.find_element(By.ID, "first_name").send_keys("Anne")
    form.find_element(By.ID, "last_name").send_keys("Dupont")
    browser.execute_script("arguments[0].value = 'forged'", form.find_element(By.NAME, "_csrf"))
    form.find_element(By.CSS_SELECTOR, "[type=submit]").click()
    wait_for_next_page(browser, form)

    assert wait_for(browser, ".error h1").text == "403"
    assert server.api("GET", "/contacts")["items"] == []


@pytest.mark.parametrize("page", ["/", "/contacts", "/pipeline"])
def test_a_page_asked_for_without_a_session_redirects_to_the_login_page(server, browser, page):
    browser.get(f"{server.url}{page}")
    wait_for(browser, "#login-form")
    url = urlparse(browser.current_url)
    assert url.path == "/login"
    assert parse_qs(url.query)["next"] == [page]
