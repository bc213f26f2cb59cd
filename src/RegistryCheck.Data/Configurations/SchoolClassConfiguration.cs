using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using RegistryCheck.Data.Entities;

namespace RegistryCheck.Data.Configurations;

public class SchoolClassConfiguration : IEntityTypeConfiguration<SchoolClass>
{
    public void Configure(EntityTypeBuilder<SchoolClass> b)
    {
        b.ToTable("Classes");
        b.Property(x => x.Name).HasMaxLength(FieldLengths.OrgName);
        b.HasOne(x => x.College).WithMany(c => c.Classes).HasForeignKey(x => x.CollegeId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne(x => x.Major).WithMany().HasForeignKey(x => x.MajorId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => new { x.CollegeId, x.Cohort, x.Name }).IsUnique();
    }
}
