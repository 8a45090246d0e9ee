import ArgumentParser
import CarnetScripting
import Foundation

/// `carnet plugins list|check|new`: inspect and scaffold Lua plugins.
struct PluginsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plugins",
        abstract: "List, check, create, test, replay, enable, disable and reload Lua plugins.",
        discussion: """
            A plugin is a folder plugins/<id>/ with plugin.toml (its manifest), main.lua and tests/*.lua. \
            A plugin is loaded and checked (manifest, syntax, declared functions) before it can be enabled.
            """,
        subcommands: [List.self, Check.self, New.self, Test.self, Replay.self, Enable.self, Disable.self, Reload.self, Runs.self]
    )

    /// The plugin directory option shared by the subcommands.
    struct DirectoryOptions: ParsableArguments {
        @Option(name: .long, help: "The directory holding one folder per plugin.")
        var dir: String = "plugins"

        var url: URL { URL(fileURLWithPath: dir, isDirectory: true) }
    }

    /// Checks plugin folders with a runtime of its own.
    static func loader() -> PluginLoader {
        PluginLoader(runtime: LuaRuntime(), executor: LuaExecutor(threads: 1))
    }

    static func validateID(_ id: String) throws {
        guard PluginManifest.isValidID(id) else {
            throw ValidationError("\(id) is not a plugin id: lower-case letters, digits and -, starting with a letter.")
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the plugins and whether each passes its checks.",
            discussion: "Each plugin is shown with its id, version and description, then OK or its problems."
        )
        @OptionGroup var directory: DirectoryOptions

        func run() async throws {
            let folders: [URL]
            do {
                folders = try PluginLoader.pluginFolders(in: directory.url)
            } catch {
                throw ValidationError("Cannot read the plugin directory \(directory.dir): \(error.localizedDescription)")
            }
            if folders.isEmpty { print("No plugins in \(directory.dir).") }
            let loader = PluginsCommand.loader()
            for folder in folders {
                do {
                    let plugin = try await loader.load(folder)
                    print("\(plugin.manifest.id)\t\(plugin.manifest.version)\t\(plugin.manifest.description)\tOK")
                } catch {
                    print("\(error.pluginID)\t-\t-\t\(error.problems.count == 1 ? "1 problem" : "\(error.problems.count) problems")")
                    for problem in error.problems { print("  \(problem)") }
                }
            }
        }
    }

    struct Check: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check one plugin: manifest, syntax of main.lua, declared functions.",
            discussion: "Prints every problem found and exits with status 1 if there is one."
        )
        @OptionGroup var directory: DirectoryOptions
        @Argument(help: "The plugin id (its folder's name).") var id: String

        func validate() throws {
            try PluginsCommand.validateID(id)
        }

        func run() async throws {
            let folder = directory.url.appendingPathComponent(id, isDirectory: true)
            guard FileManager.default.fileExists(atPath: folder.path) else {
                throw ValidationError("There is no plugin folder \(folder.path).")
            }
            do {
                let plugin = try await PluginsCommand.loader().load(folder)
                let manifest = plugin.manifest
                let counts = [(manifest.hooks.count, "hook"), (manifest.jobs.count, "job"), (manifest.actions.count, "action"),
                              (plugin.tests.count, "test file")]
                print("\(manifest.id) \(manifest.version): OK — "
                      + counts.map { "\($0.0) \($0.1)\($0.0 == 1 ? "" : "s")" }.joined(separator: ", "))
                print("content hash \(plugin.contentHash)")
            } catch {
                print(error.description)
                throw ExitCode(1)
            }
        }
    }

    struct New: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create a new plugin folder with a manifest, an example hook and a test.",
            discussion: "Writes <dir>/ID/plugin.toml, main.lua and tests/main_test.lua; refuses to overwrite an existing folder."
        )
        @OptionGroup var directory: DirectoryOptions
        @Argument(help: "The new plugin's id: lower-case letters, digits and -.") var id: String

        func validate() throws {
            try PluginsCommand.validateID(id)
            let folder = directory.url.appendingPathComponent(id, isDirectory: true)
            if FileManager.default.fileExists(atPath: folder.path) {
                throw ValidationError("\(folder.path) already exists; nothing was written.")
            }
        }

        func run() async throws {
            let folder = directory.url.appendingPathComponent(id, isDirectory: true)
            let manifest = PluginManifest(
                id: id, version: "0.1.0", description: "Describe what \(id) does.",
                permissions: [.readDeals],
                hooks: [PluginHook(event: PluginHookEvent(event: "deal.stage_changed", phase: .before), function: "check_stage_change")]
            )
            let files = [
                (PluginManifest.fileName, manifest.toml),
                (PluginLoader.mainFileName, Self.mainSource(id)),
                ("\(PluginLoader.testsFolderName)/main_test.lua", Self.testSource(id)),
            ]
            let manager = FileManager.default
            try manager.createDirectory(at: folder.appendingPathComponent(PluginLoader.testsFolderName), withIntermediateDirectories: true)
            for (name, text) in files {
                let file = folder.appendingPathComponent(name)
                guard manager.createFile(atPath: file.path, contents: Data(text.utf8)) else {
                    throw ValidationError("Could not write \(file.path).")
                }
                print("created \(file.path)")
            }
            print("Next: edit main.lua, then run `carnet plugins test \(id)`.")
        }

        static func mainSource(_ id: String) -> String {
            """
            -- main.lua of the plugin \(id).
            --
            -- Carnet runs this file to define the plugin's functions; plugin.toml says which
            -- function handles which event. Only the sandboxed standard library and the `crm`
            -- table are available (no io, os.execute, require or load). See plugins/README.md.

            -- Smallest amount, in minor units (cents), a deal needs to enter "proposal".
            local MINIMUM_PROPOSAL = 100000

            -- A before-hook: plugin.toml maps "before:deal.stage_changed" to this function.
            -- It runs inside the transaction that moves a deal, before the move is stored.
            -- crm.reject(message) refuses the move and shows the message to the user;
            -- returning lets the move through.
            function check_stage_change(event)
              local amount = event.record.amount
              if event.to == "proposal" and amount ~= nil and amount < MINIMUM_PROPOSAL then
                crm.reject("A proposal needs an amount of at least 1,000.00.")
              end
            end

            """
        }

        static func testSource(_ id: String) -> String {
            """
            -- Tests of the plugin \(id): `carnet plugins test \(id)` runs every tests/*.lua
            -- file on a fresh database with the plugin enabled.

            test("a small deal cannot enter proposal", function()
              local contact = fixtures.contact({ first_name = "Ada", last_name = "Martin" })
              local deal = fixtures.deal({ title = "Pilot", contact_id = contact.id })
              expect.error(function()
                fixtures.move(deal.id, "proposal", { amount = 50000, expected_close = "2030-06-30" })
              end, "at least 1,000.00")
            end)

            test("a large deal enters proposal", function()
              local contact = fixtures.contact({ first_name = "Ada", last_name = "Martin" })
              local deal = fixtures.deal({ title = "Roll-out", contact_id = contact.id })
              local moved = fixtures.move(deal.id, "proposal", { amount = 2500000, expected_close = "2030-06-30" })
              expect.eq(moved.stage, "proposal")
            end)

            """
        }
    }
}
