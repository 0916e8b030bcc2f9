import Diagnostics

/// The scoring policies of a rubric: each a named setting that a certification
/// body can change in an overlay.
public struct Policies: Sendable, Hashable {
    /// Whether each part must reach its own lowest grade before any overall grade.
    public enum PartFloor: String, Sendable, Hashable, CaseIterable {
        /// Each part must reach the lowest grade of its own scale (三级, 80) before the
        /// overall grade is given (the rubric's default).
        case eachPartGraded = "each_part_graded"
        /// The literal reading of section 7: the overall grade follows the sum alone.
        case sumOnly = "sum_only"
    }

    /// How a leaf that does not apply counts.
    public enum NotApplicable: String, Sendable, Hashable, CaseIterable {
        /// Remove the leaf's weight and rescale the part to its points (default).
        case rescale
        /// Count the leaf as full marks.
        case countFull = "count_full"
        /// Count the leaf as zero.
        case countZero = "count_zero"
    }

    /// How points are rounded.
    public struct Rounding: Sendable, Hashable {
        public enum Mode: String, Sendable, Hashable, CaseIterable {
            /// Half away from zero: 3.505 becomes 3.51.
            case halfUp = "half_up"
            /// Half to even: 3.505 becomes 3.50, 3.515 becomes 3.52.
            case halfEven = "half_even"
            /// Toward zero.
            case down
        }

        public var mode: Mode
        /// The rounding step, a positive multiple of 0.01 (default 0.01).
        public var step: Points

        public init(mode: Mode = .halfUp, step: Points = Points(hundredths: 1)) {
            self.mode = mode
            self.step = step
        }
    }

    /// What happens to a scanned PDF page or an image listed as a document.
    public enum Scans: String, Sendable, Hashable, CaseIterable {
        /// Unreadable: every check that needed its text is left to the auditor (default).
        case manualReview = "manual_review"
        /// Recognised with Tesseract before the rules run, as `rubric assess --ocr`
        /// does, and marked as OCR'd in the report.
        case ocr
    }

    public var partFloor: Policy<PartFloor>
    public var notApplicable: Policy<NotApplicable>
    /// The rounding of each leaf's points and of a rescaled part's figure.
    public var rounding: Policy<Rounding>
    /// Whether scans are recognised (`--ocr` asks for it whatever the rubric says).
    public var scans: Policy<Scans> = Policy(.manualReview)

    public init(
        partFloor: Policy<PartFloor> = Policy(.eachPartGraded),
        notApplicable: Policy<NotApplicable> = Policy(.rescale),
        rounding: Policy<Rounding> = Policy(Rounding())
    ) {
        self.partFloor = partFloor
        self.notApplicable = notApplicable
        self.rounding = rounding
    }
}
