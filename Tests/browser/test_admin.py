"""The admin pages: changing a user's role, and adding a webhook whose secret shows once."""

import re

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from support import sign_in, wait_for, wait_for_next_page


def test_an_admin_changes_a_users_role_from_the_page(server, browser):
    user = server.api("POST", "/users", {"email": "zoe@example.com", "name": "Zoé Martin", "role": "member"})
    sign_in(browser, server)
    browser.get(f"{server.url}/admin/users")
    wait_for(browser, f'tr[data-user="{user["id"]}"] a').click()
    form = wait_for(browser, "#user-edit")
    Select(form.find_element(By.ID, "edit-role")).select_by_value("manager")
    form.find_element(By.CSS_SELECTOR, "[type=submit]").click()
    assert "Saved." in wait_for(browser, ".flash[role=status]").text
    assert Select(browser.find_element(By.ID, "edit-role")).first_selected_option.get_attribute("value") == "manager"
    stored = next(item for item in server.api("GET", "/users")["items"] if item["id"] == user["id"])
    assert stored["role"] == "manager" and stored["version"] == 2

    browser.get(f"{server.url}/admin/users")
    assert "Manager" in wait_for(browser, f'tr[data-user="{user["id"]}"]').text


def test_an_admin_adds_a_webhook_and_sees_its_secret_once(server, browser):
    sign_in(browser, server)
    browser.get(f"{server.url}/admin/webhooks")
    form = wait_for(browser, "#webhook-form")
    form.find_element(By.ID, "webhook-url").send_keys("https://hooks.example.com/carnet")
    events = form.find_element(By.ID, "webhook-events")
    events.clear()
    events.send_keys("deal.*, contact.created")
    form.find_element(By.CSS_SELECTOR, "[type=submit]").click()
    wait_for_next_page(browser, form)
    secret = wait_for(browser, "#new-secret").text
    assert re.fullmatch(r"[0-9a-f]{64}", secret)

    [webhook] = server.api("GET", "/webhooks")["items"]
    assert webhook["url"] == "https://hooks.example.com/carnet"
    assert webhook["events"] == ["deal.*", "contact.created"]
    assert webhook["secret"] == "…" + secret[-4:]

    browser.get(f"{server.url}/admin/webhooks")
    row = wait_for(browser, f'tr[data-webhook="{webhook["id"]}"]')
    assert "deal.*, contact.created" in row.text
    assert secret not in browser.page_source
    row.find_element(By.CSS_SELECTOR, "a").click()
    wait_for(browser, "#webhook-edit")
    assert secret not in browser.page_source
    assert "…" + secret[-4:] in browser.find_element(By.ID, "webhook").text
