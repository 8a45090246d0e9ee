"""Editing a contact from its card, and tagging contacts ticked on the list."""

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from support import axe_violations, describe, sign_in, wait_for, wait_for_next_page


def submit(driver, button):
    button.click()
    wait_for_next_page(driver, button)


def test_a_contact_s_title_is_edited_from_its_card(server, browser):
    contact = server.api("POST", "/contacts", {"first_name": "Anne", "last_name": "Dupont", "title": "Buyer"})
    sign_in(browser, server)
    browser.get(f"{server.url}/contacts/{contact['id']}")
    submit(browser, wait_for(browser, "#edit-contact"))

    form = wait_for(browser, "#contact-edit-form")
    assert not axe_violations(browser), describe(axe_violations(browser))
    title = form.find_element(By.ID, "contact-title")
    assert title.get_attribute("value") == "Buyer"
    title.clear()
    title.send_keys("Head of purchasing")
    submit(browser, form.find_element(By.CSS_SELECTOR, "button[type=submit]"))

    card = wait_for(browser, "#contact")
    assert "Head of purchasing" in card.find_element(By.TAG_NAME, "dl").text
    stored = server.api("GET", f"/contacts/{contact['id']}")
    assert stored["title"] == "Head of purchasing" and stored["version"] == 2


def test_two_contacts_ticked_on_the_list_get_a_tag(server, browser):
    contacts = [server.api("POST", "/contacts", {"first_name": first, "last_name": "Dupont"}) for first in ("Anne", "Bruno", "Chloé")]
    sign_in(browser, server)
    browser.get(f"{server.url}/contacts")
    wait_for(browser, "#bulk-form")
    assert not axe_violations(browser), describe(axe_violations(browser))

    boxes = browser.find_elements(By.CSS_SELECTOR, '#bulk-form input[name="ids"]')
    browser.find_element(By.ID, "select-all").click()
    assert all(box.is_selected() for box in boxes)
    browser.find_element(By.ID, "select-all").click()
    assert not any(box.is_selected() for box in boxes)

    for contact in contacts[:2]:
        browser.find_element(By.ID, f"select-{contact['id']}").click()
    browser.find_element(By.ID, "bulk-tag").send_keys("Salon 2027")
    submit(browser, browser.find_element(By.ID, "bulk-add-tag"))

    flash = wait_for(browser, ".flash")
    assert flash.text == "2 contacts updated."
    WebDriverWait(browser, 5).until(lambda driver: driver.find_elements(By.CSS_SELECTOR, "#contact-results tr[data-id]"))
    tags = {row.get_attribute("data-id"): row.find_element(By.CSS_SELECTOR, "td:nth-child(3)").text
            for row in browser.find_elements(By.CSS_SELECTOR, "#contact-results tr[data-id]")}
    assert tags == {contacts[0]["id"]: "Salon 2027", contacts[1]["id"]: "Salon 2027", contacts[2]["id"]: ""}
    assert [server.api("GET", f"/contacts/{contact['id']}")["tags"] for contact in contacts] == [["Salon 2027"], ["Salon 2027"], []]
