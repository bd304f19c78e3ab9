/**
 * Textos en español de los códigos de estado del cliente de Azure. `meaning` parte de la
 * redacción del seed (la descripción original del producto); userSteps se dirigen al usuario
 * del dispositivo para que el servicio de asistencia los copie tal cual.
 */
import type { ClientStatusCode } from "./types";
import type { ClientStatusText } from "./client-status";

export const CLIENT_STATUS_TEXTS_ES: Record<ClientStatusCode, ClientStatusText> = {
  Success: {
    label: "Correcto",
    meaning:
      "Se pudo obtener el Id. de dispositivo: el dispositivo está registrado en Microsoft Entra ID y se puede informar de él a Intune.",
    whoCanFix: "No hay nada que corregir.",
    userSteps: ["No tiene que hacer nada: su dispositivo está conectado a la cuenta Microsoft de su organización."],
  },
  Internal_Error: {
    label: "Error interno",
    meaning:
      "Se produjo un error irrecuperable por parte del cliente (Microsoft Authenticator o la aplicación de MDM) o del servidor, y no se pudo obtener el Id. de dispositivo.",
    whoCanFix:
      "Suele ser pasajero: primero, que el usuario del dispositivo lo vuelva a intentar. Si persiste, el servicio de asistencia: pedir que actualice Microsoft Authenticator y la aplicación de MDM, quitar y volver a añadir la cuenta profesional y recoger los registros de Authenticator (Id. de incidente) para escalarlo a Microsoft.",
    userSteps: [
      "Compruebe que el dispositivo tiene conexión a internet y que la fecha y la hora se ajustan automáticamente.",
      "Cierre por completo la aplicación de MDM, vuelva a abrirla y espere unos minutos.",
      "Actualice Microsoft Authenticator y la aplicación de MDM desde App Store o Google Play y reinicie el dispositivo.",
      "Vuelva a abrir la aplicación de MDM. Si el problema continúa, póngase en contacto con el servicio de asistencia.",
      "Si el servicio de asistencia le pide los registros: en Microsoft Authenticator abra el menú, toque Enviar comentarios > ¿Tiene problemas? y envíe los registros; después, facilite al servicio de asistencia el Id. de incidente que aparece.",
    ],
  },
  Workplace_Join_Required: {
    label: "Es necesario registrar el dispositivo",
    meaning:
      "Es necesario registrar el dispositivo en Microsoft Entra ID mediante Microsoft Authenticator. El usuario del dispositivo puede mitigar este estado.",
    whoCanFix: "El usuario del dispositivo, registrándolo en Microsoft Authenticator.",
    userSteps: [
      "Si no tiene Microsoft Authenticator, instálelo desde App Store o Google Play.",
      "Abra Microsoft Authenticator y toque el menú (☰ en iPhone, ⋮ en Android) y, después, Configuración.",
      "Toque Registro de dispositivos.",
      "Escriba su dirección de correo electrónico profesional y toque Registrar (o Registrar dispositivo).",
      "Inicie sesión con su cuenta profesional y complete la verificación en dos pasos si se le pide.",
      "Cuando Authenticator indique que el dispositivo está registrado, abra la aplicación de MDM y espere unos minutos a que se sincronice.",
    ],
  },
  Interaction_Required: {
    label: "Es necesario iniciar sesión",
    meaning:
      "Es necesario un inicio de sesión interactivo, por ejemplo tras un cambio de contraseña, un nuevo requisito de autenticación multifactor o una sesión revocada. El usuario del dispositivo puede mitigar este estado.",
    whoCanFix: "El usuario del dispositivo, volviendo a iniciar sesión.",
    userSteps: [
      "Abra Microsoft Authenticator y toque su cuenta profesional.",
      "Si aparece un aviso o se le pide iniciar sesión, tóquelo e inicie sesión con su contraseña profesional actual (la nueva, si la ha cambiado hace poco).",
      "Complete la verificación en dos pasos (apruebe la notificación, escriba el código o atienda la llamada).",
      "Abra la aplicación de MDM; si muestra una página de inicio de sesión de Microsoft, inicie sesión también ahí y termine hasta volver a la aplicación.",
      "Espere unos minutos a que el dispositivo se sincronice.",
    ],
  },
  Server_Declined_Scopes: {
    label: "Ámbitos denegados por el servidor",
    meaning:
      "No se concedió acceso a algunos ámbitos: Microsoft Entra ID no otorgó algunos de los permisos que solicitó la aplicación de MDM.",
    whoCanFix:
      "Un administrador: conceder (consentimiento de administrador) en Microsoft Entra ID los permisos que necesita la aplicación de MDM, o quitar la restricción que los bloquea. El usuario del dispositivo no puede corregirlo.",
    userSteps: [
      "No puede corregirlo desde su dispositivo: el administrador de TI debe cambiar un permiso en Microsoft Entra ID.",
      "Mantenga instaladas la aplicación de MDM y Microsoft Authenticator, con la sesión iniciada.",
      "Cuando el administrador lo haya corregido, abra la aplicación de MDM; el dispositivo volverá a informar por sí solo.",
      "Mientras tanto, si no puede acceder al correo o a las aplicaciones de trabajo, use el correo web u otro dispositivo autorizado, o póngase en contacto con el servicio de asistencia.",
    ],
  },
  Server_Protection_Policies_Required: {
    label: "Se requieren directivas de protección",
    meaning:
      "El recurso solicitado está protegido por una directiva de Acceso condicional de Intune (directiva de protección de aplicaciones) que la aplicación de MDM no cumple.",
    whoCanFix:
      "Un administrador: revisar qué directivas de Acceso condicional o de protección de aplicaciones se aplican a este usuario y a la aplicación de MDM, y excluirla o ajustarlas. Puede que se pida al usuario instalar Portal de empresa.",
    userSteps: [
      "El administrador de TI debe ajustar una directiva de acceso; el servicio de asistencia le avisará cuando esté hecho.",
      "Si el servicio de asistencia se lo pide, instale Portal de empresa de Intune desde App Store o Google Play e inicie sesión con su cuenta profesional.",
      "Mantenga Microsoft Authenticator instalado y con la sesión de su cuenta profesional iniciada.",
      "Cuando el servicio de asistencia confirme la corrección, abra la aplicación de MDM y espere unos minutos a que el dispositivo se sincronice.",
    ],
  },
  User_Canceled: {
    label: "Cancelado por el usuario",
    meaning:
      "El usuario del dispositivo canceló la sesión de autenticación web al tocar el botón «Hecho» o «Cancelar» del navegador web. El usuario del dispositivo puede mitigar este estado.",
    whoCanFix: "El usuario del dispositivo, volviendo a iniciar sesión y terminándola.",
    userSteps: [
      "Abra la aplicación de MDM.",
      "Cuando se abra la página de inicio de sesión de Microsoft, escriba su correo electrónico profesional y su contraseña.",
      "Complete la verificación en dos pasos si se le pide.",
      "No toque «Hecho» ni «Cancelar»: espere a que la página se cierre sola y vuelva a la aplicación de MDM.",
      "Espere unos minutos a que el dispositivo se sincronice.",
    ],
  },
  Account_logged_out: {
    label: "Sesión de la cuenta cerrada",
    meaning: "Se cerró la sesión de la cuenta profesional en el dispositivo, por lo que ya no se puede obtener el Id. de dispositivo.",
    whoCanFix: "El usuario del dispositivo, volviendo a iniciar sesión en Microsoft Authenticator.",
    userSteps: [
      "Abra Microsoft Authenticator.",
      "Si aparece su cuenta profesional, tóquela e inicie sesión. Si no aparece, toque + (Agregar cuenta) > Cuenta profesional o educativa > Iniciar sesión.",
      "Inicie sesión con su correo electrónico profesional y su contraseña y complete la verificación en dos pasos.",
      "Abra la aplicación de MDM y espere unos minutos a que el dispositivo se sincronice.",
    ],
  },
};
