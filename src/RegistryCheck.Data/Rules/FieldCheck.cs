namespace RegistryCheck.Data.Rules;

/// <summary>
/// The outcome of checking one value against its field's rule: the value to store, in the record's own spelling,
/// or a message key with its arguments. <see cref="MappedFrom"/> names what was typed when a variant was mapped
/// (an import names each mapping in its preview).
/// </summary>
public sealed record FieldCheck
{
    private FieldCheck(string? value, string? message, string[] args, string? mappedFrom)
    {
        Value = value;
        Message = message;
        Args = args;
        MappedFrom = mappedFrom;
    }

    public string? Value { get; }
    public string? Message { get; }
    public string[] Args { get; }
    public string? MappedFrom { get; }

    /// <summary>Set by the ID number rule: the birth date and gender the number carries.</summary>
    public IdNumberResult? Identity { get; init; }

    public bool IsValid => Message is null;

    public static FieldCheck Ok(string value, string? typed = null) =>
        new(value, null, [], typed is not null && typed != value ? typed : null);

    public static FieldCheck Fail(string message, params string[] args) => new(null, message, args, null);
}

/// <summary>Where a value comes from: a roster accepts the usual variants of a code, a form and a decision only the table's values.</summary>
public sealed record FieldContext(DateOnly Today, bool FromImport = false, string? IdType = null);
