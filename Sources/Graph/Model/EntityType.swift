/// The type of an entity. The first ten are the lexicon's types; `concept` is given to
/// recurring noun phrases and abbreviations that no lexicon entry types.
public enum EntityType: String, Codable, Sendable, CaseIterable, Comparable {
    case material, protein, mineral, polymer
    case cellTissue = "cell_tissue"
    case organism, structure, property, process, application, concept

    /// Whether two entities of these types may be merged by the resolver: equal types, or one
    /// of them is `concept` (an untyped phrase takes the other's type).
    public func isCompatible(with other: EntityType) -> Bool {
        self == other || self == .concept || other == .concept
    }

    /// Whether the type names a physical thing (not a property, process or application).
    var isPhysical: Bool {
        switch self {
        case .property, .process, .application: return false
        default: return true
        }
    }

    /// Orders by raw value (for deterministic output).
    public static func < (a: EntityType, b: EntityType) -> Bool { a.rawValue < b.rawValue }
}
