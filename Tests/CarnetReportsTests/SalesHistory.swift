import CarnetCore
import CarnetStore
import Foundation

/// The sales of January to March 2026 that the forecast, funnel and losses tests read.
///
/// All moves happen at 10:00 UTC, so times in stage are whole days.
/// - January: J1 (Ana, 1,000.00 EUR, closing 2026-01-20) goes lead → qualified (6th) → meeting (8th)
///   → proposal (9th) → won (12th). J2 (Ana, 2,500.01 EUR, closing 2026-02-25) reaches qualified on
///   the 6th, then meeting on 3 February and won on 20 February. J3 (Bob, no amount) is lost
///   from lead on the 7th, "budget".
/// - February: F1 (Ana, 800.00 EUR) created on the 2nd, qualified 3rd, meeting 5th, proposal 6th,
///   lost on the 10th, "price". F2 (Ana) qualified on the 3rd and stays. F3 (Bob) qualified on
///   the 4th, back to lead on the 5th. F4 (Bob) stays in lead.
/// - 2 March (now): the open deals O1–O8 of the forecast.
struct SalesHistory {
    let ana: User
    let bob: User
    var deals: [String: Deal] = [:]

    static func build(_ world: ReportsWorld) async throws -> SalesHistory {
        let ana = try await world.user("Ana")
        let bob = try await world.user("Bob")
        var history = SalesHistory(ana: ana, bob: bob)
        world.at("2026-01-05")
        let j1 = try await world.deal("J1", owner: ana, amount: 100_000, close: "2026-01-20")
        let j2 = try await world.deal("J2", owner: ana, amount: 250_001, close: "2026-02-25")
        let j3 = try await world.deal("J3", owner: bob)
        world.at("2026-01-06")
        try await world.move(j1, to: "qualified", by: ana)
        try await world.move(j2, to: "qualified", by: ana)
        world.at("2026-01-07")
        try await world.move(j3, to: "lost", reason: "budget", by: bob)
        world.at("2026-01-08")
        try await world.meeting(on: j1, by: ana)
        try await world.move(j1, to: "meeting", by: ana)
        world.at("2026-01-09")
        try await world.move(j1, to: "proposal", by: ana)
        world.at("2026-01-12")
        try await world.move(j1, to: "won", by: ana)

        world.at("2026-02-02")
        let f1 = try await world.deal("F1", owner: ana, amount: 80_000, close: "2026-02-28")
        let f2 = try await world.deal("F2", owner: ana)
        let f3 = try await world.deal("F3", owner: bob)
        let f4 = try await world.deal("F4", owner: bob)
        world.at("2026-02-03")
        try await world.move(f1, to: "qualified", by: ana)
        try await world.move(f2, to: "qualified", by: ana)
        try await world.meeting(on: j2, by: ana)
        try await world.move(j2, to: "meeting", by: ana)
        world.at("2026-02-04")
        try await world.move(f3, to: "qualified", by: bob)
        world.at("2026-02-05")
        try await world.meeting(on: f1, by: ana)
        try await world.move(f1, to: "meeting", by: ana)
        try await world.move(f3, to: "lead", by: bob)
        world.at("2026-02-06")
        try await world.move(f1, to: "proposal", by: ana)
        world.at("2026-02-10")
        try await world.move(f1, to: "lost", reason: "price", by: ana)
        world.at("2026-02-20")
        try await world.move(j2, to: "won", by: ana)

        world.at("2026-03-02")
        let acme = try await world.company("Acme", region: "Bretagne")
        let nowhere = try await world.company("Nowhere", region: nil)
        let normandy = try await world.contact("Leroy", region: "Normandie", companyID: nowhere.id)
        let rouen = try await world.contact("Rouen", region: "Normandie")
        history.deals = [
            "J1": j1, "J2": j2, "J3": j3, "F1": f1, "F2": f2, "F3": f3, "F4": f4,
            "O1": try await world.deal("O1", owner: ana, stage: "proposal", amount: 100_000, close: "2026-03-15", companyID: acme.id),
            "O2": try await world.deal("O2", owner: ana, stage: "negotiation", amount: 200_000, close: "2026-04-10", companyID: acme.id),
            "O3": try await world.deal("O3", owner: bob, amount: 33_333, close: "2026-03-31", probability: 15, contact: normandy, companyID: nowhere.id),
            "O4": try await world.deal("O4", owner: bob, stage: "meeting", amount: 50_000, currency: "USD", close: "2026-03-20", contact: rouen),
            "O5": try await world.deal("O5", owner: ana, stage: "qualified"),
            "O6": try await world.deal("O6", owner: bob, amount: 1_000),
            "O7": try await world.deal("O7", owner: bob, stage: "negotiation", amount: 70_000, close: "2027-01-05"),
            "O8": try await world.deal("O8", owner: ana, close: "2026-05-01"),
        ]
        return history
    }

    func id(_ name: String) -> String { deals[name]?.id ?? "" }
}
