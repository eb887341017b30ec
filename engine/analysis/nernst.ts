/**
 * The Nernst potential: the membrane potential at which an ion's diffusion down its concentration
 * gradient is balanced by the electric field, so no net current of that ion flows.
 *
 *   E = (k T / (z q)) ln(c_out / c_in)
 *
 * Source: Gerstner et al., Neuronal Dynamics (2014), Sec. 2.1.1 (written there with the Boltzmann
 * constant k and the elementary charge q; k/q = R/F, so the molar form RT/(zF) is the same number).
 * The constants are the exact SI values fixed in 2019, so the result has no rounding from them.
 */

/** Boltzmann constant, J/K (exact since the 2019 SI). */
export const BOLTZMANN = 1.380649e-23;
/** Elementary charge, C (exact since the 2019 SI). */
export const ELEMENTARY_CHARGE = 1.602176634e-19;
/** 0 °C in kelvin. */
export const ZERO_CELSIUS = 273.15;

/** Temperature on either scale; body temperature is `{ celsius: 37 }`. */
export type Temperature = { readonly celsius: number } | { readonly kelvin: number };

export function kelvinOf(temperature: Temperature): number {
  const kelvin = 'kelvin' in temperature ? temperature.kelvin : temperature.celsius + ZERO_CELSIUS;
  if (!(kelvin > 0)) throw new RangeError(`The temperature must lie above absolute zero, got ${kelvin} K.`);
  return kelvin;
}

/** The thermal voltage k T / q in mV: about 25.3 mV at 20 °C and 26.7 mV at 37 °C. */
export function thermalVoltage(temperature: Temperature): number {
  return (1000 * BOLTZMANN * kelvinOf(temperature)) / ELEMENTARY_CHARGE;
}

export interface Ion {
  /** Valence z with its sign: +1 for K⁺ and Na⁺, +2 for Ca²⁺, -1 for Cl⁻. */
  readonly valence: number;
  /** Concentration outside the cell; any unit, the same as `inside` (mM by convention). */
  readonly outside: number;
  /** Concentration inside the cell. */
  readonly inside: number;
}

/**
 * Nernst (reversal) potential of one ion species in mV, inside relative to outside. Positive when
 * the ion is more concentrated outside and positively charged (Na⁺), negative for K⁺.
 */
export function nernstPotential(ion: Ion, temperature: Temperature = { celsius: 37 }): number {
  const { valence, outside, inside } = ion;
  if (!(Number.isInteger(valence) && valence !== 0)) throw new RangeError(`The valence must be a non-zero integer, got ${valence}.`);
  if (!(outside > 0 && inside > 0)) throw new RangeError(`Concentrations must be positive, got ${outside} outside and ${inside} inside.`);
  return (thermalVoltage(temperature) / valence) * Math.log(outside / inside);
}
