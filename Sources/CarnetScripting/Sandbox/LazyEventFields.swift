/// The context of a run whose event has fields converted only when the script reads them:
/// a record costs microseconds to push, and most hooks read a field or two, or nothing.
///
/// An event table made with the sandbox's event metatable (``LuaSandbox/eventMetatableKey``)
/// asks the run's context for a missing key; the value pushed is kept in the table, so each
/// field is converted at most once per run.
public protocol LazyEventFields {
    /// Pushes the field `key` of the run's event and returns true, or returns false (and
    /// pushes nothing) when the event has no such field.
    func pushEventField(_ key: String, onto L: OpaquePointer) -> Bool
}
