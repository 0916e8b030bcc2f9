/// Caps that protect against zip bombs when a bundle comes as a `.zip`.
public struct ZipLimits: Sendable, Hashable {
    /// Most entries (files and folders) in the archive.
    public var maximumEntries: Int
    /// Most bytes all entries may unpack to, together.
    public var maximumTotalBytes: UInt64
    /// Highest ratio of unpacked to packed size for one entry...
    public var maximumCompressionRatio: UInt64
    /// ...counted only for entries that unpack to more than this many bytes.
    public var ratioThresholdBytes: UInt64

    /// 10,000 entries, 2 GiB in all, 200 to 1 for entries over 1 MiB.
    public init(
        maximumEntries: Int = 10_000, maximumTotalBytes: UInt64 = 2 << 30,
        maximumCompressionRatio: UInt64 = 200, ratioThresholdBytes: UInt64 = 1 << 20
    ) {
        self.maximumEntries = maximumEntries
        self.maximumTotalBytes = maximumTotalBytes
        self.maximumCompressionRatio = maximumCompressionRatio
        self.ratioThresholdBytes = ratioThresholdBytes
    }
}
