"""The pipeline board: moving deals with the mouse and the keyboard, stage rules filled in place, the list view."""

from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import Select, WebDriverWait

from support import drag_and_drop, sign_in, wait_for


def create_lead(server):
    """A lead with what the default pipeline asks of a lead and of a qualified deal, but no amount."""
    contact = server.api("POST", "/contacts", {"first_name": "Anne", "last_name": "Dupont"})
    return server.api("POST", "/deals", {
        "title": "Roof repair", "stage": "lead", "contact_id": contact["id"],
        "next_action": "Call back", "next_action_at": "2030-01-15T09:00:00Z",
        "custom_fields": {"need": "A new roof", "decision_maker": "Anne Dupont"},
    })


def open_board(driver, server):
    sign_in(driver, server)
    driver.get(f"{server.url}/pipeline")
    wait_for(driver, "#board")


def card(driver, deal):
    return driver.find_element(By.CSS_SELECTOR, f'.card[data-deal="{deal["id"]}"]')


def column(driver, stage):
    return driver.find_element(By.CSS_SELECTOR, f'.column[data-stage="{stage}"]')


def count(driver, stage):
    return column(driver, stage).find_element(By.CSS_SELECTOR, ".column-total").get_attribute("data-count")


def column_shown(driver, deal):
    """The stage of the column the deal's card is in."""
    return card(driver, deal).find_element(By.XPATH, "ancestor::section[1]").get_attribute("data-stage")


def wait_until_in(driver, deal, stage):
    """Waits for the server to accept the move: the card is in the column and knows its new stage."""
    WebDriverWait(driver, 5).until(lambda d: card(d, deal).get_attribute("data-stage") == stage == column_shown(d, deal),
                                   f"the card did not settle in {stage}")


def test_a_lead_created_from_the_new_deal_form_opens_on_its_page(server, browser):
    server.api("POST", "/contacts", {"first_name": "Anne", "last_name": "Dupont", "email": "anne.dupont@example.fr"})
    sign_in(browser, server)
    browser.get(f"{server.url}/pipeline")
    form = wait_for(browser, "#deal-form-new")
    form.find_element(By.ID, "new-title").send_keys("Roof repair")
    form.find_element(By.ID, "new-amount").send_keys("1500")
    form.find_element(By.ID, "new-contact").send_keys("anne.dupont@example.fr")
    form.find_element(By.ID, "new-next").send_keys("Call back")
    browser.execute_script("arguments[0].value = '2030-01-15T09:00'", form.find_element(By.ID, "new-next-at"))
    Select(form.find_element(By.ID, "new-stage")).select_by_value("lead")
    form.find_element(By.CSS_SELECTOR, "[type=submit]").click()

    page = wait_for(browser, "#deal")
    assert page.find_element(By.TAG_NAME, "h1").text == "Roof repair"
    assert page.find_element(By.CSS_SELECTOR, 'dl a[href^="/contacts/"]').text == "Anne Dupont"


def test_a_dragged_deal_moves_to_the_next_stage_and_stays_there_after_a_reload(server, browser):
    deal = create_lead(server)
    open_board(browser, server)
    drag_and_drop(browser, card(browser, deal), column(browser, "qualified"))
    wait_until_in(browser, deal, "qualified")
    browser.refresh()
    wait_for(browser, "#board")
    assert column_shown(browser, deal) == "qualified"


def test_a_move_updates_the_counts_of_both_columns(server, browser):
    deal = create_lead(server)
    open_board(browser, server)
    assert (count(browser, "lead"), count(browser, "qualified")) == ("1", "0")
    drag_and_drop(browser, card(browser, deal), column(browser, "qualified"))
    wait_until_in(browser, deal, "qualified")
    assert (count(browser, "lead"), count(browser, "qualified")) == ("0", "1")


def test_a_refused_move_asks_for_the_missing_fields_in_the_card_and_moves_once_they_are_filled(server, browser):
    deal = create_lead(server)
    open_board(browser, server)
    drag_and_drop(browser, card(browser, deal), column(browser, "proposal"))
    form = wait_for(browser, f'.card[data-deal="{deal["id"]}"] .rule-form')
    assert column_shown(browser, deal) == "lead"
    assert [field.get_attribute("name") for field in form.find_elements(By.TAG_NAME, "input")] == ["amount", "expected_close"]

    form.find_element(By.NAME, "amount").send_keys("1500")
    browser.execute_script("arguments[0].value = '2030-03-31'", form.find_element(By.NAME, "expected_close"))
    form.find_element(By.CSS_SELECTOR, "[type=submit]").click()
    wait_until_in(browser, deal, "proposal")
    assert not browser.find_elements(By.CSS_SELECTOR, ".rule-form")
    assert server.api("GET", f"/deals/{deal['id']}")["amount"] == 150000


def test_a_deal_moves_one_column_with_the_keyboard_alone(server, browser):
    deal = create_lead(server)
    open_board(browser, server)
    browser.execute_script("arguments[0].focus()", card(browser, deal))
    ActionChains(browser).send_keys(Keys.SPACE, Keys.ARROW_RIGHT, Keys.SPACE).perform()
    wait_until_in(browser, deal, "qualified")
    assert browser.switch_to.active_element == card(browser, deal)


def test_the_list_view_shows_the_deal_with_its_stage(server, browser):
    deal = create_lead(server)
    sign_in(browser, server)
    browser.get(f"{server.url}/pipeline?view=list")
    row = wait_for(browser, f'table.deals tr[data-id="{deal["id"]}"]')
    assert [cell.text for cell in row.find_elements(By.TAG_NAME, "td")][:2] == ["Roof repair", "Lead"]
