import CarnetTestSupport
import Foundation

/// The Python interpreter with aiosmtpd that the SMTP tests drive.
///
/// `CARNET_TEST_PYTHON` wins; otherwise the repository's `.build/venv`. A missing interpreter or
/// package is a test failure, never a skip, so CI cannot go green without the SMTP tests.
enum TestPython {
    static func executable() throws -> String {
        let fromEnvironment = ProcessInfo.processInfo.environment["CARNET_TEST_PYTHON"].flatMap { $0.isEmpty ? nil : $0 }
        let path = fromEnvironment ?? RepositoryPaths.root.appendingPathComponent(".build/venv/bin/python").path
        guard FileManager.default.isExecutableFile(atPath: path) else {
            throw TestFailure(
                "No Python at \(path). Run `bash scripts/venv.sh` in the repository (it installs Tests/requirements.txt), "
                    + "or set CARNET_TEST_PYTHON to a Python that has aiosmtpd."
            )
        }
        let check = try ProcessRunner.run(path, ["-c", "import aiosmtpd"])
        guard check.status == 0 else {
            throw TestFailure("\(path) cannot import aiosmtpd; run `bash scripts/venv.sh`. Output: \(check.output)")
        }
        return path
    }
}
