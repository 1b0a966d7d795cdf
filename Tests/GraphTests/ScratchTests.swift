import Testing
@testable import Graph

@Test func scratch() {
    for s in [
        "Hydroxyapatite increases the stiffness of the scaffold.",
        "The stiffness of bone is increased by hydroxyapatite.",
        "Collagen does not increase the toughness of bone.",
        "Spider silk is composed of silk fibroin.",
        "Silk fibroin binds to hydroxyapatite.",
        "Spider silk has a Young's modulus of 10-20 GPa.",
        "Nacre has a fracture toughness of 3–9 MPa·m1/2 and a density of 2.7 g/cm3.",
        "The Young's modulus of enamel was 80 ± 5 GPa.",
        "Hydroxyapatite (HAp) is a mineral. HAp increases the stiffness of collagen.",
        "Silk is produced by spiders and Bombyx mori.",
        "Runx2 regulates alkaline phosphatase and BMP-2 in osteoblasts.",
    ] {
        let g = TestSupport.graph(s)
        print("==", s)
        for r in g.relations { print("  ", r.negated ? "NOT" : "", r.source, r.predicate.rawValue, r.target, "|", r.trigger, r.value.map { "\($0.low ?? .nan)-\($0.high ?? .nan) \($0.unit)" } ?? "") }
        for v in g.propertyValues { print("   value", v.entity ?? "-", v.property, v.quantity) }
    }
}
