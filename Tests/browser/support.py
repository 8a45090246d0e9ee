"""Helpers for the browser tests."""

from pathlib import Path

from axe_selenium_python import Axe
from selenium.common.exceptions import TimeoutException
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.ui import WebDriverWait

REPO = Path(__file__).resolve().parents[2]

# Chrome fires no HTML5 drag events for WebDriver's pointer actions, so the test dispatches them itself.
DRAG_AND_DROP = """
const [source, target] = arguments;
const transfer = new DataTransfer();
for (const [node, type] of [[source, "dragstart"], [target, "dragenter"], [target, "dragover"], [target, "drop"], [source, "dragend"]]) {
    node.dispatchEvent(new DragEvent(type, {bubbles: true, cancelable: true, dataTransfer: transfer}));
}
"""


def wait_for(driver, css, timeout=5):
    """The first element matching `css`, once it is in the page; fails with what the page shows instead."""
    try:
        return WebDriverWait(driver, timeout).until(expected_conditions.presence_of_element_located((By.CSS_SELECTOR, css)))
    except TimeoutException:
        shown = driver.find_element(By.TAG_NAME, "body").text[:200]
        raise AssertionError(f"no {css} within {timeout} s on {driver.current_url}, which shows: {shown!r}") from None


def sign_in(driver, server, email=None, password=None):
    """Submits #login-form (the printed admin by default) and waits for the next page."""
    driver.get(f"{server.url}/login")
    form = wait_for(driver, "#login-form")
    form.find_element(By.NAME, "email").send_keys(email or server.admin_email)
    form.find_element(By.NAME, "password").send_keys(password or server.admin_password)
    form.find_element(By.ID, "login-submit").click()
    WebDriverWait(driver, 5).until(expected_conditions.staleness_of(form))


def drag_and_drop(driver, source, target):
    """Drags `source` onto `target` as a mouse user would, with one DataTransfer for the whole gesture."""
    driver.execute_script(DRAG_AND_DROP, source, target)


def screenshot(driver, name, lang):
    """Saves the window as .build/screenshots/LANG/NAME.png."""
    path = REPO / ".build" / "screenshots" / lang / f"{name}.png"
    path.parent.mkdir(parents=True, exist_ok=True)
    driver.save_screenshot(str(path))
    return path


def axe_violations(driver):
    """The page's serious and critical accessibility violations, as axe-core reports them."""
    axe = Axe(driver)
    axe.inject()
    return [violation for violation in axe.run()["violations"] if violation["impact"] in ("serious", "critical")]


def describe(violations):
    """A readable list of axe violations: rule, impact and the elements at fault."""
    return "\n".join(f"{v['impact']} {v['id']}: {v['help']} at {[node['target'] for node in v['nodes']]}" for v in violations)
