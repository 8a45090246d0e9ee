"""Fixtures for the browser tests: a Carnet server on a fresh database per test, and headless Chromium."""

import sys

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service

from support import REPO

sys.path.insert(0, str(REPO / "Tests" / "harness"))
from carnet_server import CarnetServer, running_server  # noqa: E402

CHROMEDRIVER = "/usr/bin/chromedriver"
CHROMIUM = "/usr/bin/chromium"
LOCALES = {"en": "en-US", "fr": "fr-FR"}


@pytest.fixture
def server():
    with running_server("carnet-browser-") as carnet:
        yield carnet


@pytest.fixture
def make_browser():
    """Opens headless Chromium windows: make_browser(lang="fr") or make_browser(width=390, height=844)."""
    drivers = []

    def make(lang="en", width=1280, height=900):
        options = webdriver.ChromeOptions()
        options.binary_location = CHROMIUM
        for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", f"--lang={LOCALES[lang]}"):
            options.add_argument(argument)
        options.add_experimental_option("prefs", {"intl.accept_languages": lang})
        driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
        drivers.append(driver)
        # Not --window-size, which counts the browser's frame and has a floor: the page gets exactly width x height.
        driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                               {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False})
        return driver

    yield make
    for driver in drivers:
        driver.quit()


@pytest.fixture
def browser(make_browser):
    return make_browser()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """A failing test's report shows the server's output."""
    report = yield
    carnet = getattr(item, "funcargs", {}).get("server")
    if report.failed and call.when == "call" and isinstance(carnet, CarnetServer):
        report.sections.append(("carnet serve output", carnet.log()))
    return report
