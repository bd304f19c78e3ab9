/**
 * English texts for the Azure client status codes. userSteps are written to the device user,
 * so helpdesk can copy them into a ticket or a chat as they are.
 */
import type { ClientStatusCode } from "./types";
import type { ClientStatusText } from "./client-status";

export const CLIENT_STATUS_TEXTS_EN: Record<ClientStatusCode, ClientStatusText> = {
  Success: {
    label: "Success",
    meaning: "The device ID was obtained: the device is registered in Microsoft Entra ID and can be reported to Intune.",
    whoCanFix: "Nothing to fix.",
    userSteps: ["Nothing to do: your device is connected to your organization's Microsoft account."],
  },
  Internal_Error: {
    label: "Internal error",
    meaning:
      "An unrecoverable error occurred on the client (Microsoft Authenticator or the MDM app) or on the server side, so the device ID could not be obtained.",
    whoCanFix:
      "Often temporary: the device user retries first. If it persists, helpdesk: have the user update Microsoft Authenticator and the MDM app, remove and re-add the work account, and collect Authenticator logs (incident ID) to escalate to Microsoft.",
    userSteps: [
      "Check that the device is connected to the internet and that Date & Time is set automatically.",
      "Close the MDM app completely, open it again and wait a few minutes.",
      "Update Microsoft Authenticator and the MDM app from the App Store or Google Play, then restart the device.",
      "Open the MDM app again. If the problem continues, contact helpdesk.",
      "If helpdesk asks for logs: in Microsoft Authenticator open the menu, tap Send feedback > Having trouble? and send the logs, then give helpdesk the incident ID it shows.",
    ],
  },
  Workplace_Join_Required: {
    label: "Device registration required",
    meaning:
      "The device must be registered (workplace joined) in Microsoft Entra ID through Microsoft Authenticator. The device user can fix this.",
    whoCanFix: "The device user, by registering the device in Microsoft Authenticator.",
    userSteps: [
      "Install Microsoft Authenticator from the App Store or Google Play if it is not installed.",
      "Open Microsoft Authenticator and tap the menu (☰ on iPhone, ⋮ on Android), then Settings.",
      "Tap Device Registration.",
      "Enter your work email address and tap Register (or Register device).",
      "Sign in with your work account and complete the multi-factor check if asked.",
      "When Authenticator says the device is registered, open the MDM app and wait a few minutes for it to check in.",
    ],
  },
  Interaction_Required: {
    label: "Interaction required",
    meaning:
      "An interactive sign-in is needed, for example after a password change, a new multi-factor requirement or a revoked session. The device user can fix this.",
    whoCanFix: "The device user, by signing in again.",
    userSteps: [
      "Open Microsoft Authenticator and tap your work account.",
      "If it shows a warning or asks you to sign in, tap it and sign in with your current work password (the new one if you changed it recently).",
      "Complete the multi-factor check (approve the notification, enter the code or use the phone call).",
      "Open the MDM app; if it shows a Microsoft sign-in page, sign in there too and finish until you are back in the app.",
      "Wait a few minutes for the device to check in.",
    ],
  },
  Server_Declined_Scopes: {
    label: "Scopes declined by the server",
    meaning:
      "Microsoft Entra ID did not grant access to some of the permissions (scopes) the MDM app requested.",
    whoCanFix:
      "An administrator: grant (admin consent) the permissions the MDM app needs in Microsoft Entra ID, or remove the restriction that blocks them. The device user cannot fix this.",
    userSteps: [
      "Nothing on your device can fix this: your IT administrator must change a permission in Microsoft Entra ID.",
      "Keep the MDM app and Microsoft Authenticator installed and signed in.",
      "Once the administrator has fixed it, open the MDM app; the device will report again by itself.",
      "Meanwhile, if you cannot reach work email or apps, use webmail or another approved device, or contact helpdesk.",
    ],
  },
  Server_Protection_Policies_Required: {
    label: "Protection policies required",
    meaning:
      "The requested resource is protected by an Intune Conditional Access policy (app protection policy) that the MDM app does not satisfy.",
    whoCanFix:
      "An administrator: check which Conditional Access / app protection policies target this user and the MDM app and exclude or adjust them. The device user may be asked to install Company Portal.",
    userSteps: [
      "Your IT administrator must adjust an access policy; helpdesk will tell you when it is done.",
      "If helpdesk asks you to: install Intune Company Portal from the App Store or Google Play and sign in with your work account.",
      "Keep Microsoft Authenticator installed and signed in with your work account.",
      "When helpdesk confirms the fix, open the MDM app and wait a few minutes for the device to check in.",
    ],
  },
  User_Canceled: {
    label: "Canceled by the user",
    meaning:
      "The device user canceled the web sign-in by tapping Done or Cancel in the browser before finishing it. The device user can fix this.",
    whoCanFix: "The device user, by signing in again and finishing it.",
    userSteps: [
      "Open the MDM app.",
      "When the Microsoft sign-in page opens, enter your work email and password.",
      "Complete the multi-factor check if asked.",
      "Do not tap Done or Cancel: wait until the page closes by itself and you are back in the MDM app.",
      "Wait a few minutes for the device to check in.",
    ],
  },
  Account_logged_out: {
    label: "Account signed out",
    meaning: "The work account was signed out on the device, so the device ID can no longer be obtained.",
    whoCanFix: "The device user, by signing in again in Microsoft Authenticator.",
    userSteps: [
      "Open Microsoft Authenticator.",
      "If your work account is listed, tap it and sign in. If not, tap + (Add account) > Work or school account > Sign in.",
      "Sign in with your work email and password and complete the multi-factor check.",
      "Open the MDM app and wait a few minutes for the device to check in.",
    ],
  },
};
