/// The modules compiled into this build, and the rules for switching them.
public struct ModuleCatalog: Sendable {
    public let modules: [any CarnetModule]

    public init(_ modules: [any CarnetModule]) {
        self.modules = modules
    }

    /// Every module's personal data tables, each with its module.
    public var personalData: [(module: String, reference: PersonalDataReference)] {
        modules.flatMap { module in module.personalData.map { (module.id, $0) } }
    }

    /// The module with this id.
    public func module(_ id: String) -> (any CarnetModule)? {
        modules.first { $0.id == id }
    }

    /// Throws unless `id` can be enabled given what is already enabled.
    public func checkEnable(_ id: String, enabled: Set<String>) throws(CarnetError) {
        guard let module = module(id) else { throw .notFound(entity: "module", id: id) }
        let missing = module.dependencies.filter { !enabled.contains($0) }
        if !missing.isEmpty {
            throw .invalidState("The module \(id) needs \(missing.joined(separator: ", ")) enabled first.")
        }
    }

    /// Throws unless `id` can be disabled: no enabled module depends on it.
    public func checkDisable(_ id: String, enabled: Set<String>) throws(CarnetError) {
        guard module(id) != nil else { throw .notFound(entity: "module", id: id) }
        let dependents = dependents(of: id, enabled: enabled)
        if !dependents.isEmpty {
            throw .invalidState("Disable \(dependents.joined(separator: ", ")) first: it needs \(id).")
        }
    }

    /// Enabled modules that depend on `id`.
    public func dependents(of id: String, enabled: Set<String>) -> [String] {
        modules.filter { enabled.contains($0.id) && $0.dependencies.contains(id) }.map(\.id).sorted()
    }

    /// The impact preview of switching a module.
    public func impact(of id: String, enabled: Set<String>, appliedMigrations: Set<Int>) throws(CarnetError) -> ModuleImpact {
        guard let module = module(id) else { throw .notFound(entity: "module", id: id) }
        let isEnabled = enabled.contains(id)
        return ModuleImpact(
            module: id,
            pendingMigrations: module.migrations.filter { !appliedMigrations.contains($0.number) }.map { "\($0.number) \($0.name)" },
            routes: module.routes.map { "\($0.method.rawValue) /api/v1/\($0.path)" },
            jobs: module.jobKinds,
            events: module.subscribedEvents,
            blockedBy: isEnabled ? dependents(of: id, enabled: enabled) : module.dependencies.filter { !enabled.contains($0) },
            keptData: "Disabling keeps every row the module stored; enabling it again brings it all back."
        )
    }
}
