
      export interface PossibleTypesResultData {
        possibleTypes: {
          [key: string]: string[]
        }
      }
      const result: PossibleTypesResultData = {
  "possibleTypes": {
    "ChangePasswordResult": [
      "ChangePasswordPayload",
      "InvalidCredentials",
      "ValidationError"
    ],
    "Error": [
      "AccountDisabled",
      "AlreadyRegistered",
      "InvalidCode",
      "InvalidCredentials",
      "InvalidTicket",
      "ValidationError"
    ],
    "LoginResult": [
      "AccountDisabled",
      "InvalidCredentials",
      "Session",
      "ValidationError"
    ],
    "RegisterByEmailResult": [
      "AlreadyRegistered",
      "InvalidCode",
      "Session",
      "ValidationError"
    ],
    "RegisterByPhoneResult": [
      "AlreadyRegistered",
      "InvalidCode",
      "Session",
      "ValidationError"
    ],
    "RequestPhoneCodeResult": [
      "AlreadyRegistered",
      "PhoneCodeRequest",
      "ValidationError"
    ],
    "ResetPasswordByPhoneResult": [
      "InvalidTicket",
      "PasswordReset",
      "ValidationError"
    ],
    "SendEmailCodeResult": [
      "AlreadyRegistered",
      "EmailCodeRequest",
      "ValidationError"
    ],
    "UpdateAvatarResult": [
      "User",
      "ValidationError"
    ],
    "UpdateProfileResult": [
      "UpdateProfilePayload",
      "ValidationError"
    ],
    "VerifyPhoneCodeResult": [
      "InvalidCode",
      "PhoneTicket",
      "ValidationError"
    ]
  }
};
      export default result;
    