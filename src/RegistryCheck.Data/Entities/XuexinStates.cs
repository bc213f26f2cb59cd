namespace RegistryCheck.Data.Entities;

/// <summary>
/// The one place that decides a student's 学信网 state from the facts the student recorded, as
/// <see cref="CheckStates"/> does for the portal check.
/// </summary>
public static class XuexinStates
{
    public static XuexinState Derive(bool? hasAccount, bool? recordFound, bool? infoCorrect, bool? photoCorrect)
    {
        if (hasAccount != true || recordFound is null)
        {
            return XuexinState.NotChecked;
        }

        if (recordFound == false)
        {
            return XuexinState.NotFound;
        }

        if (infoCorrect == false || photoCorrect == false)
        {
            return XuexinState.Wrong;
        }

        return infoCorrect == true && photoCorrect == true ? XuexinState.Correct : XuexinState.NotChecked;
    }

    public static void Apply(StudentCheck check, DateTime now)
    {
        var state = Derive(check.XuexinHasAccount, check.XuexinRecordFound, check.XuexinInfoCorrect, check.XuexinPhotoCorrect);
        if (state != check.XuexinState)
        {
            check.XuexinState = state;
            check.XuexinStateChangedAt = now;
        }
    }
}
