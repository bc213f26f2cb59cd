namespace RegistryCheck.Web.Infrastructure.Notifications;

/// <summary>What the portal knows about how to reach one student (read once per send, no ID number).</summary>
public sealed record MessageRecipient(
    int StudentId, string StudentNumber, string Name, string? Email, bool EmailByStudent, string? Phone, bool PhoneByStudent,
    string? Language, string? WeComUserId = null);
