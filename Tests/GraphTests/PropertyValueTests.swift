import Testing
@testable import Graph

/// Numeric values attached to entity + property, with SI units.
@Suite struct PropertyValueTests {
    static func values(_ s: String) -> [PropertyValue] { TestSupport.graph(s).propertyValues }

    @Test func entityHasPropertyOfValue() throws {
        let v = try #require(Self.values("Spider silk has a Young's modulus of 10-20 GPa.").first)
        #expect(v.entity == "spider silk")
        #expect(v.property == "young modulus")
        #expect(v.quantity.low == 10e9 && v.quantity.high == 20e9 && v.quantity.unit == "Pa")
        #expect(v.quantity.text == "10-20 GPa")
        let rel = TestSupport.graph("Spider silk has a Young's modulus of 10-20 GPa.").relations.first { $0.predicate == .hasValue }
        #expect(rel?.source == "spider silk" && rel?.target == "young modulus" && rel?.value == v.quantity)
    }

    @Test func propertyOfEntityWasValue() throws {
        let v = try #require(Self.values("The Young's modulus of enamel was 80 ± 5 GPa.").first)
        #expect(v.entity == "enamel" && v.property == "young modulus")
        #expect(v.quantity.bound == .plusMinus && v.quantity.central == 80e9)
    }

    @Test func fractureToughnessInPaSqrtM() throws {
        let v = try #require(Self.values("Nacre has a fracture toughness of 3–9 MPa·m1/2.").first)
        #expect(v.entity == "nacre" && v.property == "fracture toughness")
        #expect(v.quantity.unit == "Pa·m^0.5" && v.quantity.low == 3e6 && v.quantity.high == 9e6)
    }

    /// Rheology symbols: "G′" is the storage modulus, "G″" the loss modulus.
    @Test func primedSymbolsNameTheirModulus() throws {
        let storage = try #require(Self.values("The hydrogel had G′ = 9 kPa.").first)
        #expect(storage.property == "storage modulus" && storage.quantity.central == 9e3 && storage.entity == "hydrogel")
        let loss = try #require(Self.values("The hydrogel (G″ = 1 kPa) collapsed.").first)
        #expect(loss.property == "loss modulus" && loss.quantity.central == 1e3)
    }

    @Test func valueWithoutOwnerKeepsNoEntity() throws {
        let v = try #require(Self.values("A density of 2.7 g/cm3 was measured.").first)
        #expect(v.entity == nil && v.property == "density" && v.quantity.unit == "kg/m^3")
        #expect(!TestSupport.graph("A density of 2.7 g/cm3 was measured.").relations.contains { $0.predicate == .hasValue })
    }

    @Test func unitMustFitTheProperty() {
        #expect(Self.values("The thickness of enamel was 20 GPa.").isEmpty, "a thickness is a length")
        #expect(Self.values("The tensile strength of silk was 1.2 GPa.").first?.entity == "silk")
        #expect(Self.values("The diameter of the fibres was 10 µm.").first?.quantity.unit == "m")
    }

    @Test func meltingTemperatureInKelvin() throws {
        let v = try #require(Self.values("Chitosan has a melting temperature of 37 °C.").first)
        #expect(abs((v.quantity.low ?? 0) - 310.15) < 1e-9 && v.quantity.unit == "K")
    }

    @Test func adjectiveMentionBeforeTheEntity() {
        // Regression (audit crash): the words skipped between "of" and the entity were a mention.
        let v = Self.values("The density of porous chitin scaffolds was 1.2 g/cm3.")
        #expect(v.count <= 1)
    }

    @Test func valueFarFromItsPropertyIsNotAttached() {
        #expect(Self.values("The toughness of nacre, which was tested in three labs by different groups, 5 MPa.").isEmpty)
        #expect(Self.values("Silk was spun at 10 mm/s.").isEmpty, "no property mention")
    }
}
