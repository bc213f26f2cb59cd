namespace RegistryCheck.Data.Rules;

/// <summary>Likely causes of a name mismatch, shown to a student who reports a name error.</summary>
public enum NameIssue
{
    ContainsWhiteSpace,
    FullWidthCharacters,
    DotLookAlike,
    TraditionalCharacters,
    RareCharacter,
}
