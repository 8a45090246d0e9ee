"""The import page: a CSV file with one bad row, previewed, then imported without it."""

import os

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from support import sign_in, wait_for, wait_for_next_page

CSV = "Prénom,Nom,Courriel\nAnne,Dupont,anne@example.fr\nBad,Row,not-an-email\nLéo,Martin,leo@example.fr\n"


def test_a_file_with_one_bad_row_is_previewed_then_imported_without_it(server, browser, tmp_path):
    path = tmp_path / "contacts.csv"
    path.write_text(CSV, encoding="utf-8")
    sign_in(browser, server)
    browser.get(f"{server.url}/import")
    wait_for(browser, "#csv-file").send_keys(os.fspath(path))
    text = browser.find_element(By.ID, "csv")
    WebDriverWait(browser, 5).until(lambda _: "anne@example.fr" in text.get_attribute("value"))
    preview = browser.find_element(By.CSS_SELECTOR, "button[formaction='/import/preview']")
    preview.click()
    wait_for_next_page(browser, preview)
    errors = wait_for(browser, "#import-errors")
    assert [item.get_attribute("data-line") for item in errors.find_elements(By.TAG_NAME, "li")] == ["3"]
    assert server.api("GET", "/contacts")["items"] == []

    browser.find_element(By.CSS_SELECTOR, "input[name=skip_invalid]").click()
    submit = browser.find_element(By.ID, "import-submit")
    submit.click()
    wait_for_next_page(browser, submit)
    wait_for(browser, "#import-done")
    names = sorted(contact["last_name"] for contact in server.api("GET", "/contacts")["items"])
    assert names == ["Dupont", "Martin"]
