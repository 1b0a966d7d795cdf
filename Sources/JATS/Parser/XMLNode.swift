internal import CLibXML2

/// Thin, allocation-light helpers over libxml2's tree. Valid only while the `xmlDoc` lives,
/// which is inside one `JATSParser.parse` call; never stored in the value types.
typealias NodePtr = UnsafeMutablePointer<xmlNode>

extension UnsafeMutablePointer where Pointee == xmlNode {
    var isElement: Bool { pointee.type == XML_ELEMENT_NODE }
    var isText: Bool { pointee.type == XML_TEXT_NODE || pointee.type == XML_CDATA_SECTION_NODE }

    /// Local name without any prefix. libxml2 keeps "mml:math" as the whole name when the
    /// prefix is not declared (a namespace error it tolerates), so strip it here too.
    var localName: String {
        guard let raw = pointee.name else { return "" }
        return String(cString: UnsafeRawPointer(afterPrefix(raw)).assumingMemoryBound(to: CChar.self))
    }

    /// True when the local name equals `name` (ASCII, no allocation).
    func named(_ name: StaticString) -> Bool {
        guard let raw = pointee.name else { return false }
        return equalsASCII(afterPrefix(raw), name)
    }

    /// Element children, in order.
    var elementChildren: ElementSequence { ElementSequence(first: pointee.children) }

    /// First element child with that local name.
    func child(_ name: StaticString) -> NodePtr? {
        for c in elementChildren where c.named(name) { return c }
        return nil
    }

    /// All element children with that local name.
    func children(_ name: StaticString) -> [NodePtr] {
        elementChildren.filter { $0.named(name) }
    }

    /// First descendant element (pre-order, self excluded) with that local name.
    func descendant(_ name: StaticString) -> NodePtr? {
        for c in elementChildren {
            if c.named(name) { return c }
            if let d = c.descendant(name) { return d }
        }
        return nil
    }

    /// All descendant elements with that local name, in document order (not nested inside each other).
    func descendants(_ name: StaticString, into out: inout [NodePtr]) {
        for c in elementChildren {
            if c.named(name) { out.append(c) } else { c.descendants(name, into: &out) }
        }
    }

    /// The value of the attribute with that local name (any namespace, or an undeclared prefix).
    func attr(_ name: StaticString) -> String? {
        var a = pointee.properties
        while let at = a {
            if let raw = at.pointee.name {
                if equalsASCII(afterPrefix(raw), name) { return attributeValue(at) }
            }
            a = at.pointee.next
        }
        return nil
    }

    /// Attribute value, trimmed; nil when empty.
    func trimmedAttr(_ name: StaticString) -> String? {
        guard let v = attr(name)?.trimmingASCIIWhitespace(), !v.isEmpty else { return nil }
        return v
    }
}

/// The part of a NUL-terminated name after its first ':' (the whole name if none).
@inline(__always) private func afterPrefix(_ raw: UnsafePointer<UInt8>) -> UnsafePointer<UInt8> {
    var i = 0
    while raw[i] != 0 {
        if raw[i] == 0x3A { return raw + i + 1 }
        i += 1
    }
    return raw
}

@inline(__always) private func equalsASCII(_ p: UnsafePointer<UInt8>, _ name: StaticString) -> Bool {
    name.withUTF8Buffer { buf in
        var i = 0
        while i < buf.count {
            if p[i] != buf[i] { return false }
            i += 1
        }
        return p[i] == 0
    }
}

private func attributeValue(_ at: UnsafeMutablePointer<xmlAttr>) -> String {
    var out = ""
    var c = at.pointee.children
    while let n = c {
        if let content = n.pointee.content {
            out += String(cString: UnsafeRawPointer(content).assumingMemoryBound(to: CChar.self))
        }
        c = n.pointee.next
    }
    return out
}

/// Iterates the element children of a node.
struct ElementSequence: Sequence, IteratorProtocol {
    var next_: NodePtr?
    init(first: NodePtr?) {
        var n = first
        while let c = n, !c.isElement { n = c.pointee.next }
        next_ = n
    }
    mutating func next() -> NodePtr? {
        guard let cur = next_ else { return nil }
        var n = cur.pointee.next
        while let c = n, !c.isElement { n = c.pointee.next }
        next_ = n
        return cur
    }
}

extension String {
    func trimmingASCIIWhitespace() -> String {
        let utf8 = self.utf8
        guard let first = utf8.firstIndex(where: { !isSpaceByte($0) }) else { return "" }
        let last = utf8.lastIndex(where: { !isSpaceByte($0) })!
        return String(self[first...last])
    }
}

@inline(__always) func isSpaceByte(_ b: UInt8) -> Bool { b == 0x20 || b == 0x0A || b == 0x09 || b == 0x0D }
