import Foundation
import Scheme

extension Policies.Rounding {
    /// Rounds an exact number of points to the policy's step (0.01 by default).
    public func round(_ value: Decimal) -> Points {
        let stepHundredths = max(step.hundredths, 1)
        var steps = value * 100 / Decimal(stepHundredths)
        var rounded = Decimal()
        let mode: NSDecimalNumber.RoundingMode =
            switch self.mode {
            case .halfUp: .plain
            case .halfEven: .bankers
            case .down: .down
            }
        NSDecimalRound(&rounded, &steps, 0, mode)
        return Points(hundredths: NSDecimalNumber(decimal: rounded).intValue * stepHundredths)
    }
}

extension Points {
    /// The smallest number of points (in hundredths) that `value` does not exceed,
    /// or that exceeds it when `strictly`: the least score an interval starting at
    /// `value` admits.
    static func atLeast(_ value: Decimal, strictly: Bool) -> Points {
        var scaled = value * 100
        var ceiling = Decimal()
        NSDecimalRound(&ceiling, &scaled, 0, .up)
        var hundredths = NSDecimalNumber(decimal: ceiling).intValue
        if strictly, Decimal(hundredths) == scaled { hundredths += 1 }
        return Points(hundredths: hundredths)
    }
}
