using RegistryCheck.Data.Entities;

namespace RegistryCheck.Web.Infrastructure.Seeding;

/// <summary>
/// A student's account as an import or the demo creates it: no password hash, so nothing is hashed per student
/// (PBKDF2 costs ~90 ms each); the initial password is verified against the ID number until the student sets one.
/// </summary>
public static class StudentAccounts
{
    public static AppUser NewAccount(Student student, DateTime now) => new()
    {
        UserName = student.StudentNumber,
        NormalizedUserName = student.StudentNumber.ToUpperInvariant(),
        DisplayName = student.Name,
        Student = student,
        SecurityStamp = Guid.NewGuid().ToString("N"),
        ConcurrencyStamp = Guid.NewGuid().ToString(),
        LockoutEnabled = false,
        CreatedAt = now,
    };
}
