import Foundation
import Testing

@Suite struct ReportTests {
  /// `rota plan --report` writes one self-contained page: inline SVG charts, nothing fetched.
  @Test func reportIsSelfContained() throws {
    let (folder, plan) = PlanEndToEndTests.run
    try #require(plan.status == 0, "\(plan.stderr)")
    let html = try String(contentsOf: folder.appendingPathComponent("report.html"), encoding: .utf8)
    #expect(html.hasPrefix("<!DOCTYPE html>"))
    // Forecast and coverage per channel, and the roster: seven charts.
    #expect(html.components(separatedBy: "<svg ").count - 1 == 7)
    for external in ["<script", "<link", "<img", "src=", "url(", "@import"] {
      #expect(!html.contains(external), "report refers to \(external)")
    }
    // The only URL is the SVG namespace name, which is never fetched.
    let urls = html.components(separatedBy: "http").count - 1
    #expect(urls == html.components(separatedBy: "http://www.w3.org/2000/svg").count - 1)
    for heading in [
      "KPIs against targets", "Forecast against history", "Required and scheduled agents", "Roster",
    ] {
      #expect(html.contains(heading))
    }
  }
}
