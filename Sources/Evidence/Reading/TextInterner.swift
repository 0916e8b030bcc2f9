import EvidenceFormats

/// The distinct texts of a string column, each with its 32-bit code (codes in
/// order of first appearance), looked up by the cell's UTF-8 bytes.
///
/// Reading a column of a million cells used to make a `String` of every cell
/// and hash it, which for non-ASCII text (Chinese, most cells of these tables)
/// means normalizing it first. Here a cell's bytes are hashed and compared as
/// bytes, and a `String` is made only once per distinct byte sequence. Codes
/// are the same as interning by `String` gives: a byte sequence seen for the
/// first time is looked up by its text too, so two spellings that Swift deems
/// equal (canonically equivalent Unicode) share the first one's code and text.
///
/// Worst case: linear in the bytes of the cells (expected: the byte hash is
/// seeded at random per column, so a file cannot be written to make its texts
/// collide), plus a copy of each distinct byte sequence.
struct TextInterner: Sendable {
    /// The distinct texts, by code.
    private(set) var texts: [String] = []
    private var codeOfText: [String: UInt32] = [:]
    /// The distinct byte sequences, one after the other.
    private var bytes: [UInt8] = []
    private var entries: [Entry] = []
    /// Open addressing (linear probing) over `entries`; -1: an empty slot.
    private var slots = [Int32](repeating: -1, count: 64)
    private let seed = UInt64.random(in: .min ... .max)

    private struct Entry: Sendable {
        var start: Int
        var count: Int
        var hash: Int
        var code: UInt32
    }

    /// The code of `text`, added if it is new.
    mutating func code(of text: String) -> UInt32 {
        if let code = codeOfText[text] { return code }
        let code = UInt32(texts.count)
        texts.append(text)
        codeOfText[text] = code
        return code
    }

    /// The code of the text whose UTF-8 bytes are `cell`, added if it is new.
    mutating func code(ofUTF8 cell: Span<UInt8>) -> UInt32 {
        let hash = cell.withUnsafeBytes { Self.hash($0, seed: seed) }
        let mask = slots.count - 1
        var slot = hash & mask
        while true {
            let index = Int(slots[slot])
            if index < 0 { break }
            let entry = entries[index]
            if entry.hash == hash, entry.count == cell.count, sameBytes(entry, cell) { return entry.code }
            slot = (slot + 1) & mask
        }
        let code = code(of: String(decodingUTF8: cell))
        let start = bytes.count
        cell.withUnsafeBufferPointer { bytes.append(contentsOf: $0) }
        entries.append(Entry(start: start, count: cell.count, hash: hash, code: code))
        slots[slot] = Int32(entries.count - 1)
        if entries.count * 2 > slots.count { grow() }
        return code
    }

    private func sameBytes(_ entry: Entry, _ cell: Span<UInt8>) -> Bool {
        bytes.withUnsafeBufferPointer { stored in
            var i = 0
            while i < entry.count {
                if stored[entry.start + i] != cell[i] { return false }
                i += 1
            }
            return true
        }
    }

    /// A hash of the bytes, 8 at a time: each word folded in by a 64×64→128-bit
    /// multiplication (as wyhash does), a few nanoseconds for a typical cell where
    /// SipHash (`Hasher`) takes tens.
    static func hash(_ bytes: UnsafeRawBufferPointer, seed: UInt64) -> Int {
        @inline(__always) func fold(_ a: UInt64, _ b: UInt64) -> UInt64 {
            let (high, low) = a.multipliedFullWidth(by: b)
            return high ^ low
        }
        let k0: UInt64 = 0xA076_1D64_78BD_642F
        let k1: UInt64 = 0xE703_7ED1_A0B4_28DB
        var h = fold(seed ^ k0, UInt64(bytes.count) ^ k1)
        var i = 0
        while i + 8 <= bytes.count {
            h = fold(h ^ bytes.loadUnaligned(fromByteOffset: i, as: UInt64.self), k1)
            i += 8
        }
        if i < bytes.count {
            var last: UInt64 = 0
            while i < bytes.count {
                last = last << 8 | UInt64(bytes[i])
                i += 1
            }
            h = fold(h ^ last, k1)
        }
        return Int(truncatingIfNeeded: fold(h ^ k0, k1))
    }

    /// Doubles the slots and places every entry again.
    private mutating func grow() {
        var grown = [Int32](repeating: -1, count: slots.count * 2)
        let mask = grown.count - 1
        for (index, entry) in entries.enumerated() {
            var slot = entry.hash & mask
            while grown[slot] >= 0 { slot = (slot + 1) & mask }
            grown[slot] = Int32(index)
        }
        slots = grown
    }
}
