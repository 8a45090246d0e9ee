"""Today: tasks typed in one line, their buttons, and the page without the follow-ups module."""

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

    server.run_cli("modules", "disable", "followups")
    browser.refresh()
    assert "Turn on the follow-ups module" in wait_for(browser, "#today").text
    assert not browser.find_elements(By.ID, "task-form")

    server.run_cli("modules", "enable", "followups")
    browser.refresh()
    wait_for(browser, "#task-form")
