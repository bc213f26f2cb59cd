using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using RegistryCheck.Data.Entities;

namespace RegistryCheck.Data.Configurations;

public class NudgeConfiguration : IEntityTypeConfiguration<Nudge>
{
    public void Configure(EntityTypeBuilder<Nudge> b)
    {
        b.Property(x => x.Note).HasMaxLength(FieldLengths.Note);
        b.HasOne(x => x.StudentCheck).WithMany().HasForeignKey(x => x.StudentCheckId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(x => new { x.StudentCheckId, x.At });
    }
}
