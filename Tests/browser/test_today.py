"""Today: tasks typed in one line, their buttons, and the page without the follow-ups module."""

import time

from selenium.webdriver.common.by import By

from support import sign_in, wait_for, wait_for_next_page


def agenda_titles(driver):
    return [link.text for link in driver.find_elements(By.CSS_SELECTOR, "#agenda .agenda-item a")]


def click_and_wait_for_the_next_page(driver, button):
    button.click()
    wait_for_next_page(driver, button)
    wait_for(driver, "#today")


def add_task(driver, text):
    form = wait_for(driver, "#task-form")
    form.find_element(By.ID, "task-text").send_keys(text)
    click_and_wait_for_the_next_page(driver, form.find_element(By.CSS_SELECTOR, "[type=submit]"))


def press(driver, button, title):
    """Clicks the button (.done, .snooze, .later) of the task titled `title`."""
    item = driver.find_element(By.XPATH, f'//li[contains(@class, "agenda-item")][a[normalize-space() = "{title}"]]')
    click_and_wait_for_the_next_page(driver, item.find_element(By.CSS_SELECTOR, button))


def test_a_task_typed_for_today_shows_in_the_agenda_until_it_is_done(server, browser):
    sign_in(browser, server)
    add_task(browser, "Call Dupont today")
    assert agenda_titles(browser) == ["Call Dupont"]
    press(browser, ".done", "Call Dupont")
    assert agenda_titles(browser) == []


def test_a_task_snoozed_to_tomorrow_leaves_today(server, browser):
    sign_in(browser, server)
    add_task(browser, "Call Dupont today")
    add_task(browser, "Send the quote to Martin today")
    assert sorted(agenda_titles(browser)) == ["Call Dupont", "Send the quote to Martin"]
    press(browser, ".snooze", "Send the quote to Martin")
    assert agenda_titles(browser) == ["Call Dupont"]


def test_today_asks_for_the_follow_ups_module_while_it_is_off(server, browser):
    sign_in(browser, server)
    wait_for(browser, "#task-form")

    # Another process switches the module: each instance sees it within two seconds.
    server.run_cli("modules", "disable", "followups")
    refresh_until(browser, lambda: "Turn on the follow-ups module" in wait_for(browser, "#today").text)
    assert not browser.find_elements(By.ID, "task-form")
    assert not browser.find_elements(By.ID, "quick-task")

    server.run_cli("modules", "enable", "followups")
    refresh_until(browser, lambda: browser.find_elements(By.ID, "task-form"))
    assert browser.find_elements(By.ID, "quick-task")


def refresh_until(driver, condition, timeout=5):
    deadline = time.monotonic() + timeout
    while True:
        driver.refresh()
        if condition():
            return
        assert time.monotonic() < deadline, f"still not so after {timeout} s: {driver.find_element(By.TAG_NAME, 'body').text[:200]!r}"
        time.sleep(0.25)


def test_a_late_deal_gets_its_next_action_typed_on_today(server, browser):
    contact = server.api("POST", "/contacts", {"first_name": "Anne", "last_name": "Dupont"})
    server.api("POST", "/deals", {"title": "Fleet renewal", "contact_id": contact["id"], "next_action": "Call back",
                                  "next_action_at": "2020-01-06T09:00:00Z"})
    sign_in(browser, server)
    item = wait_for(browser, '.agenda-item[data-kind="deal_next_action_overdue"]')
    item.find_element(By.CSS_SELECTOR, ".next-action input[name=text]").send_keys("send the proposal tomorrow 10:00")
    click_and_wait_for_the_next_page(browser, item.find_element(By.CSS_SELECTOR, ".next-action .plan"))
    assert "Fleet renewal" not in agenda_titles(browser)
    deal = server.api("GET", "/deals")["items"][0]
    assert deal["next_action"] == "send the proposal"


def test_a_task_added_with_the_n_key_returns_to_the_page_it_was_added_from(server, browser):
    sign_in(browser, server)
    browser.get(server.url + "/pipeline")
    board = wait_for(browser, "body")
    board.send_keys("n")
    dialog = wait_for(browser, "#quick-add[open]")
    dialog.find_element(By.ID, "quick-task").send_keys("Call Dupont today")
    button = dialog.find_element(By.CSS_SELECTOR, "[type=submit]")
    button.click()
    wait_for_next_page(browser, button)
    assert browser.current_url.endswith("/pipeline")
    browser.get(server.url + "/")
    wait_for(browser, "#today")
    assert agenda_titles(browser) == ["Call Dupont"]
