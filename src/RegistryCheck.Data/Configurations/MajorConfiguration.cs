using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using RegistryCheck.Data.Entities;

namespace RegistryCheck.Data.Configurations;

public class MajorConfiguration : IEntityTypeConfiguration<Major>
{
    public void Configure(EntityTypeBuilder<Major> b)
    {
        b.Property(x => x.Name).HasMaxLength(FieldLengths.OrgName);
        b.Property(x => x.Code).HasMaxLength(FieldLengths.Code);
        b.HasOne(x => x.College).WithMany(c => c.Majors).HasForeignKey(x => x.CollegeId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => new { x.CollegeId, x.Name }).IsUnique();
    }
}
