namespace RegistryCheck.Web.Features.Corrections;

/// <summary>
/// A photo of a photo report checked against CHSI's specification (<c>ChsiPhotoSpec</c>): the student's current
/// admission photo or an image the student uploaded with the report. Empty findings: it meets the specification.
/// </summary>
public sealed record PhotoSpecView(bool IsCurrent, string Name, IReadOnlyList<UserMessage> Findings);
