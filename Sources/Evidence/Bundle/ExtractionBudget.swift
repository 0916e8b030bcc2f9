/// What reading the text of a bundle's documents may cost, all documents
/// together: processor time of the external extractors (`pdftotext`) and
/// bytes of extracted text. The text of every document is extracted before
/// the first rule runs, in manifest order, so the cost is never charged to a
/// leaf's deadline; a document over its share is unreadable (the auditor
/// reviews what needed it), never a leaf error.
///
/// The shares are fixed by the manifest alone, never by the clock: each
/// document read by an external program gets `cpuSeconds` divided by the
/// number of such documents (at most `documentCPUSeconds`, at least 1 s) of
/// processor time, enforced by the kernel (`RLIMIT_CPU`), so the same bundle
/// gives the same result on an idle machine and on a loaded one. The wall
/// clock only backs this up (`wallClockFactor` times the share, plus
/// `wallClockSlackSeconds`), for a program that waits instead of working.
public struct ExtractionBudget: Sendable, Hashable {
    /// Processor seconds all external extractors together may use on one bundle.
    public var cpuSeconds: Int
    /// Most processor seconds for one document, whatever the bundle's budget.
    public var documentCPUSeconds: Int
    /// Most bytes of extracted text of all documents together; the document
    /// whose text would pass it, in manifest order, and every later one with
    /// text, is unreadable.
    public var textBytes: Int
    /// The wall-clock safety net of one document: this many times its processor share…
    public var wallClockFactor: Int
    /// …plus this many seconds.
    public var wallClockSlackSeconds: Int

    /// 600 processor seconds per bundle, at most 8 per document; 256 MiB of
    /// text per bundle; a wall-clock net of 10 × the share + 30 s.
    public init(
        cpuSeconds: Int = 600, documentCPUSeconds: Int = 8, textBytes: Int = 256 << 20,
        wallClockFactor: Int = 10, wallClockSlackSeconds: Int = 30
    ) {
        self.cpuSeconds = cpuSeconds
        self.documentCPUSeconds = documentCPUSeconds
        self.textBytes = textBytes
        self.wallClockFactor = wallClockFactor
        self.wallClockSlackSeconds = wallClockSlackSeconds
    }

    /// The processor seconds of each of `documents` documents read by an external program.
    public func cpuShare(documents: Int) -> Int {
        max(1, min(documentCPUSeconds, cpuSeconds / max(1, documents)))
    }

    /// The wall-clock safety net of a document whose processor share is `share` seconds.
    public func wallClockSeconds(share: Int) -> Int {
        share * max(1, wallClockFactor) + max(0, wallClockSlackSeconds)
    }
}
