using Microsoft.AspNetCore.Authorization;
using RegistryCheck.Data.Entities;

namespace RegistryCheck.Web.Infrastructure.Auth;

/// <summary>Named policies; the fallback policy requires a signed-in user for every endpoint.</summary>
public static class Policies
{
    public const string Student = "Student";
    public const string Staff = "Staff";
    public const string Counselor = "Counselor";
    public const string CollegeAdmin = "CollegeAdmin";
    public const string Registrar = "Registrar";
    public const string Administrator = "Administrator";
    /// <summary>Counselors, college administrators and the registrar: the people who track and chase.</summary>
    public const string Tracking = "Tracking";

    public static void Add(AuthorizationOptions o)
    {
        o.FallbackPolicy = new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build();
        o.AddPolicy(Student, p => p.RequireRole(Roles.Student).RequireClaim(AppClaims.StudentId));
        o.AddPolicy(Staff, p => p.RequireRole(Roles.Staff));
        o.AddPolicy(Counselor, p => p.RequireRole(Roles.Counselor));
        o.AddPolicy(CollegeAdmin, p => p.RequireRole(Roles.CollegeAdmin));
        o.AddPolicy(Registrar, p => p.RequireRole(Roles.Registrar));
        o.AddPolicy(Administrator, p => p.RequireRole(Roles.Administrator));
        o.AddPolicy(Tracking, p => p.RequireRole(Roles.Counselor, Roles.CollegeAdmin, Roles.Registrar));
    }
}
