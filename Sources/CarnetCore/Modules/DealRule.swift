/// A rule a module adds to deals, checked inside the write before a new or changed deal
/// is stored, after the stage's own entry rule.
///
/// The problems it returns refuse the write with a 422 naming the fields, and nothing
/// is stored. Rules of a disabled module are not asked.
public protocol DealRule: Sendable {
    /// What stops `deal` from being stored; `previous` is nil for a new deal.
    func problems(with deal: Deal, previous: Deal?, pipeline: Pipeline) -> [FieldError]
}
