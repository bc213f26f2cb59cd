namespace RegistryCheck.IntegrationTests.Infrastructure;

/// <summary>The demo accounts README lists; the acceptance checks use them too.</summary>
public static class DemoAccounts
{
    public const string Student1 = "2026010001";
    public const string Student1Initial = "151230";
    public const string Student2 = "2026010002";
    public const string Student2Initial = "08105X";
    public const string Registrar = "registrar";
    public const string RegistrarPassword = "Registrar@2026";
    public const string College = "college";
    public const string CollegePassword = "College@2026";
    public const string Counselor = "counselor";
    public const string CounselorPassword = "Counselor@2026";
    public const string Admin = "admin";
    public const string AdminPassword = "Admin@2026";
    public const string College2 = "college2";
    public const string College2Password = "College2@2026";
    public const string Counselor2 = "counselor2";
    public const string Counselor2Password = "Counselor2@2026";
}
