namespace RegistryCheck.Web.Features.Import;

/// <summary>A value the import mapped to its code table ("汉" → 汉族) and how many imported rows had it.</summary>
public sealed record MappedValue(string Column, string From, string To, int Rows);
