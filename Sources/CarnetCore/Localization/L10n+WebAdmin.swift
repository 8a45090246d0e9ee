extension L10n {
    /// The admin pages' texts (`web.*`): plugins, webhooks, the pipeline's stages, users' roles.
    static let webAdmin: [String: Entry] = [:]
}
