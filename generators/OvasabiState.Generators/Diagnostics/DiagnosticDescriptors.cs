using Microsoft.CodeAnalysis;

namespace OvasabiState.Generators.Diagnostics;

/// <summary>Every diagnostic the generator reports. Each message says how to fix the problem.</summary>
internal static class DiagnosticDescriptors
{
    private const string Category = "OvasabiState";

    public static readonly DiagnosticDescriptor NotPartial = Error(
        "OVS001", "Layered type must be partial",
        "'{0}' must be declared partial so OvasabiState can add its generated binding; add the 'partial' modifier to '{1}'");

    public static readonly DiagnosticDescriptor Generic = Error(
        "OVS002", "Layered type cannot be generic",
        "'{0}' is generic (or inside a generic type); a layered type needs one fixed store and schema, so declare a non-generic type (for example a closed record per element type)");

    public static readonly DiagnosticDescriptor MissingKey = Error(
        "OVS003", "Layered type stored in IndexedDB needs a key",
        "'{0}' lives in the IndexedDb layer, which stores many records per type, but no member has [StateKey]; mark the identifying member with [StateKey], or remove StateLayer.IndexedDb from Priority to make it a singleton");

    public static readonly DiagnosticDescriptor MultipleKeys = Error(
        "OVS004", "More than one [StateKey]",
        "'{0}' has more than one [StateKey] member ({1}); keep [StateKey] on one member, and use [CompoundIndex] for lookups by several members");

    public static readonly DiagnosticDescriptor UnsupportedKeyType = Error(
        "OVS005", "Unsupported key type",
        "[StateKey] member '{0}' has type '{1}'; a key must be string, Guid, int or long");

    public static readonly DiagnosticDescriptor EmptyPriority = Error(
        "OVS006", "Priority lists no layer",
        "Priority of '{0}' is empty; list the layers the record lives in, highest first (for example [StateLayer.Memory, StateLayer.IndexedDb]), or leave Priority out for the default order");

    public static readonly DiagnosticDescriptor DuplicateLayer = Error(
        "OVS007", "Priority lists a layer twice",
        "Priority of '{0}' lists {1} more than once; list each layer once, highest priority first");

    public static readonly DiagnosticDescriptor UnsupportedMemberType = Error(
        "OVS008", "Unsupported member type",
        "Member '{0}' of '{1}' has type '{2}', which OvasabiState cannot serialize{3}; use a supported type (primitives, string, decimal, Guid, dates, enums, nullables, arrays, List<T>, IReadOnlyList<T>, Dictionary<string, T>, plain records/classes) or mark the member [Transient]");

    public static readonly DiagnosticDescriptor NotIndexable = Error(
        "OVS009", "Member cannot be indexed",
        "[Indexed] member '{0}' has type '{1}', which IndexedDB cannot index{2}; index numbers, strings, dates, Guids or enums (collections of these need MultiEntry = true), or remove [Indexed]");

    public static readonly DiagnosticDescriptor DuplicateStore = Error(
        "OVS010", "Store name used twice",
        "Store name '{0}' is used by both '{1}' and '{2}'; give each layered type its own Store");

    public static readonly DiagnosticDescriptor InvalidRetention = Error(
        "OVS011", "Invalid retention",
        "Retention \"{0}\" of '{1}' is not a positive TimeSpan in invariant \"c\" form; write days.hours:minutes:seconds, for example \"7.00:00:00\" for seven days");

    public static readonly DiagnosticDescriptor Cycle = Error(
        "OVS012", "Cyclic member types",
        "Member '{0}' makes a cycle of types ({1}); persisted state must be a tree, so mark one member of the cycle [Transient] or store a key instead of the object");

    public static readonly DiagnosticDescriptor PolicyMismatch = Error(
        "OVS013", "Merge policy does not fit the member type",
        "[Merge(MergePolicy.{0})] cannot apply to member '{1}' of type '{2}': {3}");

    public static readonly DiagnosticDescriptor NoConstructor = Error(
        "OVS014", "No usable constructor",
        "'{0}' has no constructor that generated code can call (a parameterless or positional record constructor, on a type that is neither abstract nor static); add one (it may be private on the layered type itself), or make the type concrete");

    public static readonly DiagnosticDescriptor TooManyMembers = Error(
        "OVS015", "Too many persisted members",
        "'{0}' has {1} persisted members; at most 64 fit a member mask, so group members into nested records or mark some [Transient]");

    public static readonly DiagnosticDescriptor InvalidCompoundIndex = Error(
        "OVS016", "Invalid index definition",
        "Index '{0}' of '{1}' is invalid: {2}");

    public static readonly DiagnosticDescriptor ReadOnlyMember = Warning(
        "OVS017", "Member is not persisted",
        "Member '{0}' of '{1}' is read-only, so it cannot be restored and is not persisted; give it a setter or init accessor, or mark it [Transient] to say this is intended");

    public static readonly DiagnosticDescriptor DerivedType = Error(
        "OVS018", "Layered type derives from another class",
        "'{0}' derives from '{1}'; layered types cannot inherit persisted members, so move the base members into the type or into a nested record member");

    public static readonly DiagnosticDescriptor Inaccessible = Error(
        "OVS019", "Layered type is not accessible",
        "'{0}' is private, protected or file-local; the generated registry must reach it, so make it (and its containing types) internal or public");

    public static readonly DiagnosticDescriptor InvalidSchemaVersion = Error(
        "OVS020", "Invalid schema version",
        "SchemaVersion {0} of '{1}' is out of range; use a number from 1 to 65535");

    public static readonly DiagnosticDescriptor TransientConflict = Error(
        "OVS021", "Transient member cannot be a key or index",
        "Member '{0}' is [Transient] and also [{1}]; a transient member is never stored, so remove one of the two attributes");

    public static readonly DiagnosticDescriptor InvalidStoreName = Error(
        "OVS022", "Invalid store name",
        "Store \"{0}\" of '{1}' is empty or has characters other than letters, digits, '_', '-' and '.'; use a short identifier such as \"compute_states\"");

    private static DiagnosticDescriptor Error(string id, string title, string message) =>
        new(id, title, message, Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    private static DiagnosticDescriptor Warning(string id, string title, string message) =>
        new(id, title, message, Category, DiagnosticSeverity.Warning, isEnabledByDefault: true);
}
