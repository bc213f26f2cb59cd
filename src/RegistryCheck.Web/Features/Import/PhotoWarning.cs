namespace RegistryCheck.Web.Features.Import;

/// <summary>A matched photo that misses CHSI's specification, and what it misses (<c>ChsiPhotoSpec</c>): a warning, it is imported.</summary>
public sealed record PhotoWarning(string File, List<UserMessage> Findings);
