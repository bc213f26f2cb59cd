using RegistryCheck.Data.Entities;

namespace RegistryCheck.Data.Rules;

/// <summary>How the report form asks for a field's value.</summary>
public enum FieldInput
{
    Text,
    Choice,
    Date,
    Number,
    Phone,
    Email,
    Description,
}

/// <summary>
/// One field of the record: its labels, its column length, how a value is normalised, parsed and validated, how it
/// is shown, and what changing it takes. <see cref="FieldRules"/> holds one for every <see cref="RecordField"/>.
/// </summary>
public sealed class FieldRule
{
    public required RecordField Field { get; init; }

    /// <summary>Chinese label, also the key into the shared string table.</summary>
    public required string Label { get; init; }

    public required string LabelEn { get; init; }

    /// <summary>The column's length in UTF-16 code units: the same constant the EF configuration uses.</summary>
    public required int MaxLength { get; init; }

    public FieldInput Input { get; init; } = FieldInput.Text;

    /// <summary>The values the field may hold; the form offers them as a choice.</summary>
    public CodeTable? Choices { get; init; }

    /// <summary>What the form says under the input (a key into the shared string table).</summary>
    public string? Hint { get; init; }

    /// <summary>A change needs the provincial education department's approval, and therefore evidence.</summary>
    public bool NeedsProvincialApproval { get; init; }

    /// <summary>The student edits this field on the record page without a report (contact details).</summary>
    public bool StudentEditsDirectly { get; init; }

    /// <summary>A student may report this field as wrong.</summary>
    public bool Reportable { get; init; } = true;

    /// <summary>The stored text of the field, or null for fields held elsewhere (college, major, class, photo).</summary>
    internal Func<Student, string>? Read { get; init; }

    /// <summary>Writes a value this rule produced into the record; null for fields that need the database (units).</summary>
    internal Action<Student, string>? Write { get; init; }

    public required Func<string, FieldContext, FieldCheck> Parse { internal get; init; }

    public bool IsStoredOnStudent => Write is not null;

    /// <summary>Normalises and checks what was typed; empty input is refused here, the caller decides whether empty is allowed.</summary>
    public FieldCheck Check(string? raw, FieldContext context)
    {
        var text = FieldText.Clean(raw);
        if (text.Length == 0)
        {
            return FieldCheck.Fail(FieldMessages.Required, Label);
        }

        var check = Parse(text, context);
        if (check.IsValid && check.Value!.Length > MaxLength)
        {
            return FieldCheck.Fail(FieldMessages.TooLong, Label, MaxLength.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        return check;
    }

    public string Display(Student student) => Read?.Invoke(student) ?? "";

    /// <summary>Writes a checked value; throws for fields not stored on the student (the caller resolves those).</summary>
    public void Apply(Student student, string value)
    {
        if (Write is null)
        {
            throw new InvalidOperationException($"{Field} is not stored on the student.");
        }

        Write(student, value);
    }
}
