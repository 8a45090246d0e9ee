"""Modules switched from the admin page: their parts of the pages come and go, their data stays."""

from selenium.webdriver.common.by import By

from support import sign_in, wait_for, wait_for_next_page


def switch(driver, server, module, button):
    driver.get(f"{server.url}/admin")
    item = wait_for(driver, f'li.module[data-module="{module}"]')
    clicked = item.find_element(By.CSS_SELECTOR, button)
    clicked.click()
    if button == ".disable":
        driver.switch_to.alert.accept()
    wait_for_next_page(driver, clicked)


def test_turning_follow_ups_off_removes_its_forms_and_turning_it_on_brings_back_the_tasks(server, browser):
    sign_in(browser, server)
    task = wait_for(browser, "#task-form")
    task.find_element(By.ID, "task-text").send_keys("Call Dupont today")
    task.find_element(By.CSS_SELECTOR, "[type=submit]").click()
    wait_for_next_page(browser, task)
    assert "Call Dupont" in wait_for(browser, "#agenda").text

    switch(browser, server, "followups", ".disable")
    browser.get(server.url + "/")
    assert "Turn on the follow-ups module" in wait_for(browser, "#today").text
    assert not browser.find_elements(By.ID, "task-form")
    assert not browser.find_elements(By.ID, "quick-task")

    switch(browser, server, "followups", ".enable")
    browser.get(server.url + "/")
    assert "Call Dupont" in wait_for(browser, "#agenda").text, "the task was kept while the module was off"
    assert browser.find_elements(By.ID, "quick-task")
