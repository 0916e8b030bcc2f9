/// How a run of `rubric assess` or `rubric batch` ends, as the process's exit
/// status. Bad usage (a missing, unknown or malformed option or argument)
/// never reaches a run: the command-line parser refuses it with status 64.
public enum RunOutcome: Int32, Sendable, Hashable {
    /// Assessed, and the grade is not under `--fail-under` (batch: every bundle assessed).
    case assessed = 0
    /// Bad input: the rubric, an overlay, the bundle, the overrides, a `--fail-under`
    /// grade the rubric lacks, `SOURCE_DATE_EPOCH`, or a report that cannot be written.
    case badInput = 1
    /// The assessment is incomplete: rule errors, or manual leaves without override
    /// (batch: some bundle incomplete or failed).
    case incomplete = 2
    /// The grade is under `--fail-under`.
    case gradeTooLow = 3
}
