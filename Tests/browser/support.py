"""Helpers for the browser tests."""

from pathlib import Path

from selenium_axe_python import Axe
from selenium.common.exceptions import StaleElementReferenceException, TimeoutException, WebDriverException
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
    wait_for_next_page(driver, form)


def wait_for_next_page(driver, element, timeout=5):
    """Waits until `element` has left the page, i.e. the next page is loading after a click or a submit."""
    def gone(_):
        try:
            element.is_enabled()
            return False
        except StaleElementReferenceException:
            return True
        except WebDriverException as error:
            # While the old document goes away, Chrome may answer this instead of "stale element".
            if "does not belong to the document" in error.msg:
                return True
            raise

    WebDriverWait(driver, timeout).until(gone, f"no new page within {timeout} s")


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
    """A readable list of axe violations: rule, impact, and each element at fault with what axe finds wrong."""
    lines = []
    for v in violations:
        lines.append(f"{v['impact']} {v['id']}: {v['help']}")
        lines += [f"  {node['target']}: {' '.join(node['failureSummary'].split())}" for node in v["nodes"]]
    return "\n".join(lines)
