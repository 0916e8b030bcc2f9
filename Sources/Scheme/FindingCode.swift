import YAMLSupport

/// The stable codes of the findings the scheme loader and validator produce.
/// Those of reading YAML are the shared reader's (``YAMLReader/Code``).
public enum FindingCode {
    /// The file could not be read.
    public static let unreadable = "unreadable-file"
    /// The YAML is malformed (including a key repeated in one mapping).
    public static let yamlSyntax = YAMLReader.Code.syntax
    /// An anchor, alias, merge key or tag in an overlay (``YAMLGuard``).
    public static let yamlRefused = YAMLGuard.code
    /// A key that the format does not know.
    public static let unknownKey = YAMLReader.Code.unknownKey
    /// A required key is absent.
    public static let missingField = YAMLReader.Code.missingField
    /// A value of the wrong kind (a list where a text is expected, and so on).
    public static let wrongType = YAMLReader.Code.wrongType
    /// A value of the right kind but not allowed (a negative weight, an unknown policy setting).
    public static let invalidValue = YAMLReader.Code.invalidValue
    /// A key allowed only on leaves, given on an indicator with children.
    public static let leafOnlyKey = "leaf-only-key"
    /// Two things of one kind share an id.
    public static let duplicateID = "duplicate-id"
    /// Children's weights do not sum to their parent's weight.
    public static let weightSum = "weight-sum"
    /// A part's top-level indicators do not sum to the part's points.
    public static let partPoints = "part-points"
    /// A fraction from 0% to 100% falls in no band.
    public static let bandGap = "band-gap"
    /// A fraction falls in two bands.
    public static let bandOverlap = "band-overlap"
    /// A grade scale is not listed from the lowest to the highest grade.
    public static let gradeOrder = "grade-order"
    /// Two grades of a scale share points.
    public static let gradeOverlap = "grade-overlap"
    /// Points between two grades of a scale get no grade.
    public static let gradeGap = "grade-gap"
    /// A grade lies outside the points it can grade.
    public static let gradeRange = "grade-range"
    /// A reference to a grade scale, part, band or document type that does not exist.
    public static let unknownReference = "unknown-reference"
    /// An overlay entry names no indicator of the rubric.
    public static let unknownIndicator = "unknown-indicator"
    /// A leaf's rule file does not exist.
    public static let ruleMissing = "rule-missing"
    /// A `.lua` file under `rules/` is referenced by no leaf.
    public static let ruleUnreferenced = "rule-unreferenced"
    /// An indicator id does not extend its parent's id.
    public static let idHierarchy = "id-hierarchy"
    /// An overlay written for another scheme.
    public static let schemeMismatch = "scheme-mismatch"
}
