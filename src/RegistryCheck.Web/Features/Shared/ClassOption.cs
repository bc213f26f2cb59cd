namespace RegistryCheck.Web.Features.Shared;

/// <summary>A class in a picker (review queue filter, a counselor's scope).</summary>
public sealed record ClassOption(int Id, string Name);
