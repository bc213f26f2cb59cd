namespace RegistryCheck.Data.Entities;

/// <summary>Where a student stands in the 学信网 (CHSI) self-check, derived by <see cref="XuexinStates.Derive"/>.</summary>
public enum XuexinState
{
    NotChecked = 0,
    /// <summary>Registered on 学信网 but the record is not there yet (the FAQ's "registered but no record").</summary>
    NotFound = 1,
    /// <summary>学籍信息 and 录取照片 both 无误.</summary>
    Correct = 2,
    /// <summary>学籍信息 or 录取照片 有误: correction reports tagged 学信网 carry the details.</summary>
    Wrong = 3,
}

/// <summary>Where a student saw an error (学信网 may be wrong where the portal is right).</summary>
public enum SeenOn
{
    Portal = 0,
    Xuexin = 1,
    Both = 2,
}
