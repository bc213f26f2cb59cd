using RegistryCheck.Data.Entities;

namespace RegistryCheck.Web.Features.Staff;

public sealed record CollegeOption(int Id, string Name, IReadOnlyList<ClassOption> Classes);

/// <summary>Roles, classes and colleges a staff form offers.</summary>
public sealed record StaffFormOptions(IReadOnlyList<CollegeOption> Colleges)
{
    public static readonly string[] RoleChoices = [Roles.Counselor, Roles.CollegeAdmin, Roles.Registrar, Roles.Administrator];

    public static string RoleLabel(string role) => role switch
    {
        Roles.Counselor => "辅导员",
        Roles.CollegeAdmin => "学院教务员",
        Roles.Registrar => "学籍管理科",
        Roles.Administrator => "系统管理员",
        _ => role,
    };
}
