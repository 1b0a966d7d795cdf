import Testing
import PreflexorTesting
@Test func fixturesRootExists() { #expect(FileManager.default.fileExists(atPath: Fixtures.repositoryRoot.appendingPathComponent("Package.swift").path)) }
import Foundation
